import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventToAppend } from '../../infra/event-store/port.js';
import { messageIdOf } from '../../infra/notifications/email-sender.js';
import { describeApi, type Api } from '../support/api.js';
import { metadata } from '../support/events.js';
import { call, expectProblem, registerAndLogin } from '../support/http.js';
import { HttpSink } from '../support/http-sink.js';
import { SmtpSink } from '../support/smtp-sink.js';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });

interface NotificationView {
  notificationId: string;
  channel: string;
  template: string;
  status: string;
  at: string;
}

/** An order placed and confirmed for the customer, appended as the order saga would; the position to wait for. */
async function confirmedOrder(api: Api, customerId: string, correlationId: string): Promise<{ position: string; confirmedAt: string }> {
  const orderId = randomUUID();
  const at = new Date().toISOString();
  const event = (type: string, data: Record<string, unknown>): EventToAppend => ({ eventId: randomUUID(), type, data: { orderId, ...data }, metadata: metadata({ correlationId }) });
  const line = { productId: randomUUID(), sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: gbp(1250), lineTotal: gbp(1250) };
  const { position } = await api.store.append(
    `order-${orderId}`,
    [
      event('OrderPlaced', {
        customerId,
        lines: [line],
        total: gbp(1250),
        shippingAddress: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
        paymentMethod: { method: 'card', token: 'tok_visa' },
        placedAt: at,
      }),
      event('OrderConfirmed', { paymentId: randomUUID(), confirmedAt: at }),
    ],
    { expectedRevision: 'no_stream' },
  );
  return { position: position.toString(), confirmedAt: at };
}

const list = (api: Api, token: string | undefined, position?: string, query = '') =>
  call(api.app, 'GET', `/api/v1/notifications${query}`, undefined, { ...(token === undefined ? {} : { token }), headers: position === undefined ? {} : { 'x-min-position': position } });

// Orders are moved by hand here: no saga to react to them.
const withoutSaga = { ROLES: 'api,projections,notifications' };

describeApi(
  'notification queries',
  (api) => {
    it('shows a customer the email about their confirmed order, pending while no SMTP server is configured; nobody else sees it', async () => {
      const customer = await registerAndLogin(api().app);
      const other = await registerAndLogin(api().app);
      const correlationId = randomUUID();
      const { position, confirmedAt } = await confirmedOrder(api(), customer.userId, correlationId);

      const response = await list(api(), customer.accessToken, position);
      expect(response.statusCode).toBe(200);
      expect(BigInt(String(response.headers['x-projection-position']))).toBeGreaterThanOrEqual(BigInt(position));
      const notifications = response.json<NotificationView[]>();
      expect(notifications).toEqual([{ notificationId: expect.any(String) as unknown, channel: 'email', template: 'order_confirmed', status: 'pending', at: confirmedAt }]);
      const { rows } = await api().db.query('SELECT correlation_id FROM notifications WHERE notification_id = $1', [notifications[0]?.notificationId]);
      expect(rows).toEqual([{ correlation_id: correlationId }]);

      const theirs = await list(api(), other.accessToken, position);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json()).toEqual([]);
    });

    it('answers newest first, at most `limit` of them', async () => {
      const customer = await registerAndLogin(api().app);
      const older = await confirmedOrder(api(), customer.userId, randomUUID());
      const { position, confirmedAt } = await confirmedOrder(api(), customer.userId, randomUUID());

      const all = await list(api(), customer.accessToken, position);
      expect(all.json<NotificationView[]>().map((notification) => notification.at)).toEqual([confirmedAt, older.confirmedAt]);
      const newest = await list(api(), customer.accessToken, position, '?limit=1');
      expect(newest.json<NotificationView[]>()).toEqual([expect.objectContaining({ at: confirmedAt }) as unknown]);
      expectProblem(await list(api(), customer.accessToken, position, '?limit=0'), 400);
      expectProblem(await list(api(), customer.accessToken, position, '?limit=101'), 400);
    });

    it('refuses a caller without a token (401), before looking at the query', async () => {
      expectProblem(await list(api(), undefined), 401);
      expectProblem(await list(api(), undefined, undefined, '?limit=0'), 401);
    });
  },
  withoutSaga,
);

// The providers are started before the systems, which read their URLs from this object.
const delivering: Record<string, string> = { ...withoutSaga };
let smtp: SmtpSink | undefined;
let webhook: HttpSink | undefined;
beforeAll(async () => {
  smtp = await SmtpSink.start();
  webhook = await HttpSink.start();
  delivering.SMTP_URL = smtp.url;
  delivering.NOTIFICATION_WEBHOOK_URL = webhook.url;
});
afterAll(async () => {
  await smtp?.close();
  await webhook?.close();
});

describeApi(
  'notifications delivered by the whole system',
  (api) => {
    it('sends the email and the SMS of a confirmed order once each, with the order’s correlation id, and shows them sent', async () => {
      const customer = await registerAndLogin(api().app);
      const preferences = await call(api().app, 'PUT', '/api/v1/me/notification-preferences', { email: true, sms: true, push: false, phone: '+14155550123' }, { token: customer.accessToken });
      expect(preferences.statusCode).toBe(200);
      const correlationId = randomUUID();
      const { position } = await confirmedOrder(api(), customer.userId, correlationId);

      let notifications: NotificationView[] = [];
      for (const deadline = Date.now() + 15_000; notifications.length !== 2 || notifications.some((notification) => notification.status !== 'sent'); ) {
        if (Date.now() > deadline) throw new Error(`not sent in time: ${JSON.stringify(notifications)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        notifications = (await list(api(), customer.accessToken, position)).json<NotificationView[]>();
      }
      await new Promise((resolve) => setTimeout(resolve, 300));

      const email = notifications.find((notification) => notification.channel === 'email');
      const sms = notifications.find((notification) => notification.channel === 'sms');
      const emails = smtp?.messages.filter((message) => message.headers.get('message-id') === messageIdOf(email?.notificationId ?? '')) ?? [];
      expect(emails).toHaveLength(1);
      expect(emails[0]?.headers.get('x-correlation-id')).toBe(correlationId);
      const calls = webhook?.requests.filter((request) => request.headers['idempotency-key'] === sms?.notificationId) ?? [];
      expect(calls).toHaveLength(1);
      expect(calls[0]?.headers['x-correlation-id']).toBe(correlationId);
      expect(calls[0]?.body).toMatchObject({ channel: 'sms', to: '+14155550123', template: 'order_confirmed' });
    });
  },
  delivering,
);
