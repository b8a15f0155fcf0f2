import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notificationStream } from '../../domain/notifications/delivery-record.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { readStreamIfExists } from '../../infra/event-store/read-stream-if-exists.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { messageIdOf } from '../../infra/notifications/email-sender.js';
import { createLogger } from '../../infra/logging/logger.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { NotificationDelivery, type NotificationDeliveryOptions } from '../../process-managers/notifications/delivery.js';
import { claimDue } from '../../process-managers/notifications/delivery-queue.js';
import { notificationsProjection } from '../../process-managers/notifications/projection.js';
import { freePort } from '../support/free-port.js';
import { HttpSink, type Responder } from '../support/http-sink.js';
import { useProjection } from '../support/projections.js';
import { testServices } from '../support/services.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { preferencesSet, TestOrder, userRegistered, type Preferences, type TestUser } from './notifications-fixtures.js';

const fixture = useProjection(notificationsProjection);
// Where the worker records each delivery's end, as the system's store would.
let store: EventStore;
beforeAll(async () => {
  await migrate(fixture.db, eventStoreMigrations);
  store = (await PostgresEventStore.open(fixture.db)).store;
});
afterAll(async () => {
  await store.close();
});

/** The events recorded of a notification's delivery. */
const outcomeEvents = async (notificationId: string) => (await readStreamIfExists(store, notificationStream(notificationId))) ?? [];

interface Delivery {
  notification_id: string;
  channel: string;
  correlation_id: string;
  address: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

const deliveriesOf = async (userId: string): Promise<Delivery[]> =>
  (await fixture.rows(
    `SELECT n.notification_id, n.channel, n.correlation_id, n.address, d.status, d.attempts, d.last_error
       FROM notifications n JOIN notification_deliveries d USING (notification_id) WHERE n.user_id = $1 ORDER BY n.position, n.channel`,
    [userId],
  )) as unknown as Delivery[];

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const allSent = (rows: readonly Delivery[]): boolean => rows.length > 0 && rows.every((row) => row.status === 'sent');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer with `orders` confirmed orders (each its own correlation id), with these preferences when given. */
async function customerWithConfirmedOrders(orders: number, preferences?: Preferences): Promise<{ user: TestUser; orders: TestOrder[] }> {
  const user = userRegistered();
  const placed = Array.from({ length: orders }, () => new TestOrder(user.userId));
  await fixture.apply([user.registered, ...(preferences === undefined ? [] : [preferencesSet(user.userId, preferences)]), ...placed.flatMap((order) => [order.placed(), order.confirmed()])]);
  return { user, orders: placed };
}

const quick = { smtpFrom: 'ShopVerse <no-reply@shopverse.test>', pollIntervalMs: 20, backoffMs: 50, maxBackoffMs: 200, sendTimeoutMs: 2_000 };
const workers: NotificationDelivery[] = [];
const closers: (() => Promise<void>)[] = [];

function startWorker(options: Partial<NotificationDeliveryOptions>, db: SqlDatabase = fixture.db, logger = createLogger('silent')): NotificationDelivery {
  const worker = new NotificationDelivery(db, store, logger, { smtpUrl: undefined, webhookUrl: undefined, ...quick, ...options });
  worker.start();
  workers.push(worker);
  return worker;
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  for (const close of closers.splice(0)) await close();
});

async function smtpSink(port?: number, options?: Parameters<typeof SmtpSink.start>[1]): Promise<SmtpSink> {
  const sink = await SmtpSink.start(port, options);
  closers.push(() => sink.close());
  return sink;
}

async function httpSink(respond?: Responder): Promise<HttpSink> {
  const sink = await HttpSink.start(respond);
  closers.push(() => sink.close());
  return sink;
}

describe('notification delivery', () => {
  it('sends each email exactly once, to the address, with its Message-ID from the notification id and the correlation id as a header', async () => {
    const sink = await smtpSink();
    const { user, orders } = await customerWithConfirmedOrders(5);
    startWorker({ smtpUrl: sink.url });

    const sent = await until('all sent', () => deliveriesOf(user.userId), allSent);
    await pause(300);
    expect(sent.map((row) => row.attempts)).toEqual([1, 1, 1, 1, 1]);
    const counts = sink.countsByMessageId();
    for (const row of sent) expect(counts.get(messageIdOf(row.notification_id))).toBe(1);
    for (const [, count] of counts) expect(count).toBe(1);
    const mine = sink.messages.filter((message) => sent.some((row) => message.headers.get('message-id') === messageIdOf(row.notification_id)));
    expect(mine.map((message) => message.headers.get('x-correlation-id')).sort()).toEqual(orders.map((order) => order.correlationId).sort());
    expect(mine.every((message) => message.envelopeTo.join() === user.email && message.headers.get('subject') === 'Your order is confirmed')).toBe(true);

    // Each delivery's end is recorded once, in the correlation of the order it announced, without the address.
    const recorded = await until('all recorded', () => Promise.all(sent.map((row) => outcomeEvents(row.notification_id))), (streams) => streams.every((events) => events.length === 1));
    expect(recorded.flat().map((event) => [event.type, event.metadata.correlationId]).sort()).toEqual(sent.map((row) => ['NotificationSent', row.correlation_id]).sort());
    expect(recorded.flat()[0]?.data).toMatchObject({ userId: user.userId, channel: 'email', template: 'order_confirmed' });
    expect(JSON.stringify(recorded.flat().map((event) => event.data))).not.toContain(user.email);
  });

  it('delays email while the SMTP server is down and sends it exactly once when it comes up', async () => {
    const port = await freePort();
    const { user } = await customerWithConfirmedOrders(1);
    startWorker({ smtpUrl: `smtp://127.0.0.1:${port}` });

    const failing = await until('failed attempts', () => deliveriesOf(user.userId), ([row]) => row !== undefined && row.attempts >= 2);
    expect(failing[0]).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED/) as unknown });
    const sink = await smtpSink(port);

    const [sent] = await until('sent', () => deliveriesOf(user.userId), allSent);
    await pause(300);
    expect(sent).toMatchObject({ status: 'sent', last_error: null });
    expect(sink.countsByMessageId()).toEqual(new Map([[messageIdOf(sent?.notification_id ?? ''), 1]]));
  });

  it('retries SMS and push after the webhook answers 500, then records them sent, with idempotency key and correlation id', async () => {
    // The first request for each notification fails.
    const sink = await httpSink((request, received) =>
      received.filter((other) => other.headers['idempotency-key'] === request.headers['idempotency-key']).length === 1 ? 500 : 200,
    );
    const { user, orders } = await customerWithConfirmedOrders(1, { email: false, sms: true, push: true, phone: '+14155550123', pushEndpoint: 'https://push.example/device/7' });
    startWorker({ webhookUrl: sink.url });

    const sent = await until('sent', () => deliveriesOf(user.userId), allSent);
    expect(sent.map(({ channel, attempts }) => ({ channel, attempts }))).toEqual([
      { channel: 'push', attempts: 2 },
      { channel: 'sms', attempts: 2 },
    ]);
    for (const row of sent) {
      const requests = sink.requests.filter((request) => request.headers['idempotency-key'] === row.notification_id);
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(request.method).toBe('POST');
        expect(request.headers['x-correlation-id']).toBe(orders[0]?.correlationId);
        expect(request.body).toEqual({
          notificationId: row.notification_id,
          channel: row.channel,
          to: row.address,
          template: 'order_confirmed',
          data: { name: user.name, orderId: orders[0]?.orderId },
          text: expect.stringContaining('is confirmed') as unknown,
        });
      }
    }
  });

  it('gives a notification up as failed after the configured attempts', async () => {
    const sink = await httpSink(() => 503);
    const { user } = await customerWithConfirmedOrders(1, { email: false, sms: true, push: false, phone: '+14155550123' });
    startWorker({ webhookUrl: sink.url, maxAttempts: 3 });

    const [failed] = await until('failed', () => deliveriesOf(user.userId), ([row]) => row?.status === 'failed');
    await pause(300);
    expect(failed).toMatchObject({ attempts: 3, last_error: 'the notification webhook answered 503' });
    expect(sink.requests.filter((request) => request.headers['idempotency-key'] === failed?.notification_id)).toHaveLength(3);
    const [given] = await until('recorded', () => outcomeEvents(failed?.notification_id ?? ''), (events) => events.length === 1);
    expect(given).toMatchObject({ type: 'NotificationFailed', data: { channel: 'sms', attempts: 3 }, metadata: { correlationId: failed?.correlation_id } });
  });

  it('leaves a channel without a provider pending and sends the others', async () => {
    const sink = await smtpSink();
    const { user } = await customerWithConfirmedOrders(1, { email: true, sms: true, push: false, phone: '+14155550123' });
    startWorker({ smtpUrl: sink.url });

    await until('email sent', () => deliveriesOf(user.userId), (rows) => rows.some((row) => row.channel === 'email' && row.status === 'sent'));
    await pause(200);
    expect((await deliveriesOf(user.userId)).find((row) => row.channel === 'sms')).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
  });

  it('two workers on one database never send a notification twice', async () => {
    const sink = await smtpSink(undefined, { delayMs: 5 });
    const { user } = await customerWithConfirmedOrders(40);
    const other = openPgDatabase(await databaseUrl());
    closers.push(() => other.close());
    const sentBy = [0, 0];
    // Each worker's own log says what it sent: both must have had a share for the test to prove anything.
    const countingLogger = (worker: number) =>
      createLogger('info', { write: (line: string) => (sentBy[worker] = (sentBy[worker] ?? 0) + (line.includes('"notification sent"') ? 1 : 0)) });
    startWorker({ smtpUrl: sink.url, batchSize: 3 }, fixture.db, countingLogger(0));
    startWorker({ smtpUrl: sink.url, batchSize: 3 }, other, countingLogger(1));

    const sent = await until('all sent', () => deliveriesOf(user.userId), allSent, 30_000);
    await pause(300);
    expect(sent).toHaveLength(40);
    expect(sent.every((row) => row.attempts === 1)).toBe(true);
    const counts = sink.countsByMessageId();
    for (const row of sent) expect(counts.get(messageIdOf(row.notification_id))).toBe(1);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(sentBy.every((count) => count > 0)).toBe(true);
  });

  it('sends an email once when its database goes away between the SMTP server taking it and marking it sent (found by npm run chaos)', async () => {
    const { proxy, url } = await TcpProxy.inFrontOf(await databaseUrl());
    const db = openPgDatabase(url);
    closers.push(() => db.close(), () => proxy.close());
    // The database is away for a second from the moment the message is taken.
    const sink = await smtpSink(undefined, { onMessage: async () => {
      await proxy.cut();
      setTimeout(() => void proxy.restore(), 1_000);
    } });
    const { user } = await customerWithConfirmedOrders(1);
    startWorker({ smtpUrl: sink.url, claimMs: 2_500 }, db);

    const [sent] = await until('sent', () => deliveriesOf(user.userId), allSent);
    // Past the end of the claim: a worker that lost the record of the send would send it again by then.
    await pause(3_000);
    expect(sent?.attempts).toBe(1);
    expect(sink.countsByMessageId().get(messageIdOf(sent?.notification_id ?? ''))).toBe(1);
    expect(sink.messages).toHaveLength(1);
  });

  it('does not send a notification another worker holds a claim on, and sends it once the claim runs out (a worker that died mid-send)', async () => {
    const sink = await smtpSink();
    const { user } = await customerWithConfirmedOrders(1);
    const [claimed] = await claimDue(fixture.db, ['email'], 1_000, 1_500);
    expect(claimed?.user_id).toBe(user.userId);
    startWorker({ smtpUrl: sink.url });

    await pause(700);
    expect(sink.messages.filter((message) => message.headers.get('message-id') === messageIdOf(claimed?.notification_id ?? ''))).toHaveLength(0);
    const [sent] = await until('sent', () => deliveriesOf(user.userId), allSent);
    expect(sent?.attempts).toBe(2);
    expect(sink.countsByMessageId().get(messageIdOf(claimed?.notification_id ?? ''))).toBe(1);
  });
});

/** The URL of the fixture's database, for a second connection pool on it. */
async function databaseUrl(): Promise<string> {
  const [row] = await fixture.rows('SELECT current_database() AS name');
  const url = new URL(testServices.postgresAdminUrl);
  url.pathname = `/${String(row?.name)}`;
  return url.toString();
}
