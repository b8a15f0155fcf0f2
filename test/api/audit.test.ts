import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AuditEventSchema } from '../../read-api/audit/audit-event.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, expectProblem, registerAndLogin, uniqueEmail } from '../support/http.js';
import { SmtpSink } from '../support/smtp-sink.js';

const address = { name: 'Grace Hopper', line1: '1 Harbor Way', city: 'Arlington', postalCode: '22201', country: 'US' };
const PageSchema = z.object({ items: z.array(AuditEventSchema), nextCursor: z.string().nullable() });
const StateSchema = z.object({ revision: z.number(), recordedAt: z.string(), occurredAt: z.string(), streamId: z.string(), state: z.looseObject({ status: z.string() }) });

// Notifications are sent (to this sink), so that their sending is recorded in the order's correlation.
const smtp = await SmtpSink.start();
afterAll(async () => {
  await smtp.close();
});

describeApi('audit', (api) => {
  let admin = '';
  let auditor = '';
  let customer = { userId: '', accessToken: '' };
  let productId = '';

  const login = async (email: string, password: string): Promise<string> => (await call(api().app, 'POST', '/api/v1/auth/login', { email, password })).json<{ accessToken: string }>().accessToken;
  const get = (url: string, token = auditor) => call(api().app, 'GET', url, undefined, { token });

  beforeAll(async () => {
    const { app } = api();
    admin = await login(ADMIN.email, ADMIN.password);
    customer = await registerAndLogin(app);
    const auditorEmail = uniqueEmail();
    const auditorUser = await registerAndLogin(app, auditorEmail);
    expect((await call(app, 'POST', `/api/v1/users/${auditorUser.userId}/roles`, { roles: ['auditor'] }, { token: admin })).statusCode).toBe(200);
    auditor = await login(auditorEmail, 'correct horse battery');
    const categoryId = (await call(app, 'POST', '/api/v1/categories', { name: 'Ledgers' }, { token: admin })).json<{ categoryId: string }>().categoryId;
    const product = { sku: `ledger-${randomUUID()}`, name: 'Ledger', description: 'Bound.', price: { amount: 1_200, currency: 'USD' }, categoryId };
    productId = (await call(app, 'POST', '/api/v1/products', product, { token: admin })).json<{ productId: string }>().productId;
    expect((await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 10 }, { token: admin })).statusCode).toBe(200);
  });

  /** An order of one ledger that the saga confirms; its id and correlation id. */
  async function confirmedOrder(): Promise<{ orderId: string; correlationId: string }> {
    const correlationId = `audit-${randomUUID()}`;
    const body = { items: [{ productId, quantity: 1 }], shippingAddress: address, payment: { method: 'card', token: 'tok_visa' } };
    const placed = await call(api().app, 'POST', '/api/v1/orders', body, { token: customer.accessToken, headers: { 'x-correlation-id': correlationId } });
    expect(placed.statusCode).toBe(202);
    const { orderId } = placed.json<{ orderId: string }>();
    await vi.waitFor(async () => expect((await api().store.readStream(`order-${orderId}`)).map((event) => event.type)).toContain('OrderConfirmed'), { timeout: 15_000, interval: 50 });
    return { orderId, correlationId };
  }

  it("answers a stream's events with every metadata field, from a revision on, and only to auditors and admins", async () => {
    const { orderId, correlationId } = await confirmedOrder();
    const whole = await get(`/api/v1/audit/streams/order-${orderId}`);
    expect(whole.statusCode).toBe(200);
    const events = z.array(AuditEventSchema).parse(whole.json());
    const stored = await api().store.readStream(`order-${orderId}`);
    expect(events.map((event) => [event.eventId, event.revision, event.position])).toEqual(stored.map((event) => [event.eventId, Number(event.revision), event.position.toString()]));
    expect(events[0]?.metadata).toMatchObject({ correlationId, causationId: null, actorId: customer.userId, schemaVersion: 1 });
    expect(events.every((event) => !Number.isNaN(Date.parse(event.metadata.recordedAt)) && !Number.isNaN(Date.parse(event.metadata.occurredAt)))).toBe(true);
    // The card token is a secret: withheld here as on Kafka.
    expect(events[0]?.data).toMatchObject({ paymentMethod: { method: 'card' } });
    expect(JSON.stringify(events)).not.toContain('tok_visa');

    // Written by the API and by the saga, each event chained to the one before it (tamper evidence;
    // the hashes cover the events as stored, which `audit verify` recomputes: test/api/erasure.test.ts).
    expect(events.every((event) => /^[0-9a-f]{64}$/.test(String(event.metadata.hash)))).toBe(true);
    expect(events.map((event) => event.metadata.previousHash)).toEqual([null, ...events.slice(0, -1).map((event) => event.metadata.hash)]);

    const later = z.array(AuditEventSchema).parse((await get(`/api/v1/audit/streams/order-${orderId}?fromRevision=1&limit=1`)).json());
    expect(later.map((event) => event.revision)).toEqual([1]);

    expect((await get(`/api/v1/audit/streams/order-${orderId}`, admin)).statusCode).toBe(200);
    expectProblem(await get(`/api/v1/audit/streams/order-${orderId}`, customer.accessToken), 403);
    expectProblem(await call(api().app, 'GET', `/api/v1/audit/streams/order-${orderId}`), 401);
    expectProblem(await get(`/api/v1/audit/streams/order-${randomUUID()}`), 404);
    expectProblem(await get(`/api/v1/audit/streams/order-${orderId}?limit=0`), 400);
  });

  it("rebuilds an order's state at each of its revisions and at times between them, as the write side folds it", async () => {
    const { orderId } = await confirmedOrder();
    const stored = await api().store.readStream(`order-${orderId}`);
    const statuses: string[] = [];
    for (const event of stored) {
      const response = await get(`/api/v1/audit/orders/${orderId}/state?revision=${event.revision.toString()}`);
      expect(response.statusCode).toBe(200);
      const state = StateSchema.parse(response.json());
      expect(state).toMatchObject({ revision: Number(event.revision), recordedAt: event.recordedAt.toISOString(), occurredAt: event.metadata.occurredAt, streamId: `order-${orderId}` });
      statuses.push(state.state.status);
    }
    expect(statuses[0]).toBe('pending');
    expect(statuses.at(-1)).toBe('confirmed');

    for (const [index, event] of stored.entries()) {
      const next = stored[index + 1];
      // Just before the next event was recorded: still the state after this one.
      const between = new Date(next === undefined ? event.recordedAt.getTime() + 60_000 : next.recordedAt.getTime() - 1);
      if (between.getTime() < event.recordedAt.getTime()) continue;
      const response = await get(`/api/v1/audit/orders/${orderId}/state?at=${encodeURIComponent(between.toISOString())}`);
      expect(StateSchema.parse(response.json()).revision).toBe(Number(event.revision));
    }
    const current = StateSchema.parse((await get(`/api/v1/audit/orders/${orderId}/state`)).json());
    expect(current.revision).toBe(Number(stored.at(-1)?.revision));

    const first = stored[0];
    if (first === undefined) throw new Error('the order has events');
    expectProblem(await get(`/api/v1/audit/orders/${orderId}/state?at=${encodeURIComponent(new Date(first.recordedAt.getTime() - 1).toISOString())}`), 404);
    expectProblem(await get(`/api/v1/audit/orders/${randomUUID()}/state`), 404);
    expectProblem(await get(`/api/v1/audit/orders/${orderId}/state?revision=0&at=${encodeURIComponent(new Date().toISOString())}`), 400);
    expectProblem(await get(`/api/v1/audit/carts/${orderId}/state`), 400);
  });

  it("shows a user's state without the password hash", async () => {
    const response = await get(`/api/v1/audit/users/${customer.userId}/state`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: { status: expect.any(String) as unknown } });
    expect(response.body).not.toContain('passwordHash');
    const history = await get(`/api/v1/audit/streams/user-${customer.userId}`);
    expect(history.body).toContain('UserRegistered');
    expect(history.body).not.toContain('passwordHash');
  });

  it("finds every event of a correlation id across streams (the order's, the reservation's, the payment's, the notification's), a page at a time", async () => {
    const { orderId, correlationId } = await confirmedOrder();
    const recordedOf = (type: string) =>
      vi.waitFor(
        async () => {
          const found = (await api().store.readAll({ filter: { eventTypes: [type] } })).find((event) => event.metadata.correlationId === correlationId);
          expect(found).toBeDefined();
          return found;
        },
        { timeout: 15_000 },
      );
    const payment = await recordedOf('PaymentCaptured');
    // The confirmation email, sent to the SMTP sink, and its sending recorded.
    const notified = await recordedOf('NotificationSent');
    const position = [payment, notified].map((event) => event?.position ?? 0n).reduce((a, b) => (a > b ? a : b)).toString();
    const pages: z.infer<typeof PageSchema>[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const response = await call(api().app, 'GET', `/api/v1/audit/events?correlationId=${correlationId}&limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`, undefined, {
        token: auditor,
        headers: { 'x-min-position': position },
      });
      expect(response.statusCode).toBe(200);
      const page = PageSchema.parse(response.json());
      pages.push(page);
      cursor = page.nextCursor;
    }
    const found = pages.flatMap((page) => page.items);
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(found.map((event) => event.eventId)).size).toBe(found.length);
    expect(found.every((event) => event.metadata.correlationId === correlationId)).toBe(true);
    const positions = found.map((event) => BigInt(event.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    const streams = new Set(found.map((event) => event.streamId));
    expect(streams).toContain(`order-${orderId}`);
    expect(streams).toContain(`inventory-${productId}`);
    expect(streams).toContain(payment?.streamId);
    expect(streams).toContain(notified?.streamId);
    expect(found.map((event) => event.type)).toEqual(expect.arrayContaining(['OrderPlaced', 'StockReserved', 'PaymentInitiated', 'PaymentCaptured', 'OrderConfirmed', 'NotificationSent']));

    const byType = PageSchema.parse((await get(`/api/v1/audit/events?correlationId=${correlationId}&type=OrderPlaced`)).json());
    expect(byType.items.map((event) => event.streamId)).toEqual([`order-${orderId}`]);
    const placedAt = found[0]?.metadata.recordedAt ?? '';
    const before = PageSchema.parse((await get(`/api/v1/audit/events?correlationId=${correlationId}&to=${encodeURIComponent(placedAt)}`)).json());
    expect(before.items).toEqual([]);
    expectProblem(await get('/api/v1/audit/events?cursor=not-a-cursor'), 400);
    expectProblem(await get('/api/v1/audit/events', customer.accessToken), 403);
  });
}, () => ({ SMTP_URL: smtp.url }));
