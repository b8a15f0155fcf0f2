import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { paymentIdFor } from '../../domain/payments/payment.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const ADMIN = { email: 'restart-admin@shopverse.test', password: 'restart-admin-password' };
const address = { name: 'Alan Turing', line1: '2 Bletchley Park', city: 'Milton Keynes', postalCode: 'MK3 6EB', country: 'GB' };

let database: TestDatabase;
let db: SqlDatabase;
let store: PostgresEventStore;
const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-restart-'));

beforeAll(async () => {
  database = await createTestDatabase();
  db = openPgDatabase(database.url);
});
afterAll(async () => {
  await store.close();
  await db.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The whole program in a process of its own, as `shopverse serve` runs it. */
async function startServer(port: number): Promise<ChildProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PORT|EVENTSTORE_URL|DATABASE_URL|REDIS_URL|ADMIN_|LOG_LEVEL|PAYMENT_|ROLES)/.test(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'serve'], {
    env: {
      ...env,
      PORT: String(port),
      EVENTSTORE_URL: database.url,
      DATABASE_URL: database.url,
      SHOPVERSE_DATA_DIR: dataDir,
      JWT_SECRET: 'the restart test signs its tokens with this secret',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      // The provider answers slowly, so the process can be killed while it is being asked; each of the
      // saga's calls may take a quarter of the payment timeout, more than that.
      PAYMENT_PROVIDER_LATENCY_MS: '2500',
      PAYMENT_TIMEOUT_MS: '12000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200), { timeout: 30_000, interval: 200 });
  return child;
}

async function api<T>(port: number, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const ofOrder = (events: readonly RecordedEvent[], orderId: string) => events.filter((event) => event.data.orderId === orderId);

it('killed between reservation and payment, the saga finishes after a restart; a timeout due meanwhile fires then', async () => {
  const port = await freePort();
  const first = await startServer(port);
  store = (await PostgresEventStore.open(db)).store;
  let paid = '';
  let unanswered = '';
  let productId = '';
  try {
    const admin = (await api<{ accessToken: string }>(port, 'POST', '/api/v1/auth/login', ADMIN)).accessToken;
    const { categoryId } = await api<{ categoryId: string }>(port, 'POST', '/api/v1/categories', { name: 'Machines' }, admin);
    productId = (await api<{ productId: string }>(port, 'POST', '/api/v1/products', { sku: `bombe-${randomUUID()}`, name: 'Bombe', description: 'Rotors.', price: { amount: 9_900, currency: 'GBP' }, categoryId }, admin)).productId;
    await api(port, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 5 }, admin);
    const email = `restart-${randomUUID()}@shopverse.test`;
    await api(port, 'POST', '/api/v1/users', { email, password: 'correct horse battery', name: 'Customer' });
    const customer = (await api<{ accessToken: string }>(port, 'POST', '/api/v1/auth/login', { email, password: 'correct horse battery' })).accessToken;
    const order = async (token: string) => (await api<{ orderId: string }>(port, 'POST', '/api/v1/orders', { items: [{ productId, quantity: 1 }], shippingAddress: address, payment: { method: 'card', token } }, customer)).orderId;
    [paid, unanswered] = await Promise.all([order('tok_visa'), order('tok_timeout')]);
    // Both reserved and their payments started, the provider not yet answered: kill the process now.
    // (The payment streams themselves, not $all, which may lag behind while other tests write.)
    await vi.waitFor(
      async () => {
        for (const orderId of [paid, unanswered]) expect((await store.readStream(`payment-${paymentIdFor(orderId)}`).catch(() => [])).map((event) => event.type)).toEqual(['PaymentInitiated']);
      },
      { timeout: 20_000, interval: 10 },
    );
  } finally {
    first.kill('SIGKILL');
  }
  await once(first, 'exit');
  expect((await store.readAll({ filter: { eventTypes: ['PaymentAuthorized', 'PaymentDeclined'] } })).filter((event) => [paid, unanswered].includes(String(event.data.orderId)))).toEqual([]);

  // Down for longer than the payment timeout (and the leases): it falls due while nobody runs.
  await new Promise((resolve) => setTimeout(resolve, 13_000));
  const restartedAt = new Date();
  const second = await startServer(port);
  try {
    await vi.waitFor(
      async () => {
        const statuses = await Promise.all([paid, unanswered].map(async (orderId) => (await store.readStream(`order-${orderId}`)).map((event) => event.type)));
        expect(statuses).toEqual([
          ['OrderPlaced', 'OrderConfirmed'],
          ['OrderPlaced', 'OrderCancelled'],
        ]);
      },
      { timeout: 30_000, interval: 100 },
    );
    const [, cancelled] = await store.readStream(`order-${unanswered}`);
    expect(cancelled?.data.reason).toBe('payment_timeout');
    expect(cancelled?.recordedAt.getTime()).toBeGreaterThanOrEqual(restartedAt.getTime());
    await vi.waitFor(async () => expect(ofOrder(await store.readAll({ filter: { eventTypes: ['PaymentCaptured'] } }), paid)).toHaveLength(1), { timeout: 10_000 });
    const stock = await store.readStream(`inventory-${productId}`);
    expect(ofOrder(stock, paid).map((event) => event.type)).toEqual(['StockReserved']);
    expect(ofOrder(stock, unanswered).map((event) => event.type)).toEqual(['StockReserved', 'ReservationReleased']);
  } finally {
    second.kill('SIGTERM');
    await once(second, 'exit');
  }
}, 120_000);
