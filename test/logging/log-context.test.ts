import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { ADMIN, JWT_SECRET } from '../support/api.js';
import { call, registerAndLogin } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const LineSchema = z.looseObject({
  msg: z.string(),
  component: z.string().optional(),
  projection: z.string().optional(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  userId: z.string().optional(),
  route: z.string().optional(),
  command: z.string().optional(),
  orderId: z.string().optional(),
  job: z.string().optional(),
  batch: z.object({ first: z.string(), last: z.string(), events: z.number().int() }).optional(),
});
type Line = z.infer<typeof LineSchema>;

/** A captured log, line by line. */
function capture(): { write(chunk: string): void; raw(): string[]; lines(): Line[] } {
  const chunks: string[] = [];
  const raw = () => chunks.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '');
  return { write: (chunk) => chunks.push(chunk), raw, lines: () => raw().map((line) => LineSchema.parse(JSON.parse(line))) };
}

describe('log context below HTTP', () => {
  let database: TestDatabase;
  let dataDir: string;
  let system: System;
  const log = capture();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'shopverse-log-context-'));
    const config = loadConfig({ EVENTSTORE_URL: database.url, DATABASE_URL: database.url, SHOPVERSE_DATA_DIR: dataDir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    system = await createSystem(config, createLogger('debug', log));
  });

  afterAll(async () => {
    await system.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("carries the request's correlation id, route and user down to command handling, and the order's through every saga step", async () => {
    const app = system.http;
    const admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const categoryId = (await call(app, 'POST', '/api/v1/categories', { name: 'Lamps' }, { token: admin })).json<{ categoryId: string }>().categoryId;
    const product = { sku: 'lamp-1', name: 'Lamp', description: 'Shines.', price: { amount: 1500, currency: 'EUR' }, categoryId };
    const productId = (await call(app, 'POST', '/api/v1/products', product, { token: admin })).json<{ productId: string }>().productId;
    expect((await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 2 }, { token: admin })).statusCode).toBe(200);
    const customer = await registerAndLogin(app);
    const body = { items: [{ productId, quantity: 1 }], shippingAddress: { name: 'Ada', line1: '1 Way', city: 'Paris', postalCode: '75001', country: 'FR' }, payment: { method: 'card', token: 'tok_visa' } };
    const placed = await call(app, 'POST', '/api/v1/orders', body, { token: customer.accessToken, headers: { 'x-correlation-id': 'ctx-order-1' } });
    expect(placed.statusCode).toBe(202);
    const { orderId } = placed.json<{ orderId: string }>();
    const [orderPlaced] = await system.eventStore.readStream(`order-${orderId}`);

    // Deep below the request: the command it sent, handled with the request's context.
    expect(log.lines().find((line) => line.msg === 'command handled' && line.command === 'PlaceOrder')).toMatchObject({
      correlationId: 'ctx-order-1',
      route: '/api/v1/orders',
      userId: customer.userId,
      outcome: 'accepted',
    });

    // Every step of the saga (the placed order's reaction, the authorization, the authorized payment's reaction) and the commands it sends.
    await vi.waitFor(() => expect(log.lines().filter((line) => line.msg === 'saga step done' && line.orderId === orderId).map((line) => line.job).sort()).toEqual(['authorize_payment', 'react', 'react']), {
      timeout: 10_000,
      interval: 50,
    });
    const ofSaga = log.lines().filter((line) => line.component === 'order-saga' && line.orderId === orderId);
    expect(ofSaga.length).toBeGreaterThanOrEqual(3);
    expect(ofSaga.every((line) => line.correlationId === 'ctx-order-1' && line.causationId !== undefined)).toBe(true);
    const reserved = log.lines().find((line) => line.msg === 'command handled' && line.command === 'ReserveStock' && line.orderId === orderId);
    expect(reserved).toMatchObject({ correlationId: 'ctx-order-1', causationId: orderPlaced?.eventId, job: 'react', outcome: 'accepted' });
    expect(reserved?.route).toBeUndefined();

    // Projection batches say which events they hold, not a correlation id that would be one of many.
    const batches = log.lines().filter((line) => line.msg === 'batch handled' && line.projection === 'orders');
    expect(batches.length).toBeGreaterThanOrEqual(1);
    for (const line of batches) {
      expect(BigInt(line.batch?.first ?? -1) <= BigInt(line.batch?.last ?? -2)).toBe(true);
      expect(line.correlationId).toBeUndefined();
    }

    // One mechanism: no field twice on a line.
    for (const raw of log.raw()) {
      for (const field of ['correlationId', 'causationId', 'userId', 'route']) expect(raw.split(`"${field}":`).length, raw).toBeLessThanOrEqual(2);
    }
    const everything = log.raw().join('\n');
    for (const secret of [ADMIN.password, admin, customer.accessToken, customer.refreshToken, 'tok_visa']) expect(everything).not.toContain(secret);
  });

  it('redacts secrets in logged objects: passwords, tokens, card tokens', () => {
    const redacted = capture();
    const logger = createLogger('info', redacted);
    logger.info({ password: 'hunter2', user: { refreshToken: 'r-secret', passwordHash: 'scrypt-secret' }, order: { paymentMethod: { method: 'card', token: 'tok_secret' } }, token: 'bare-secret' }, 'secrets');
    const [line] = redacted.raw();
    for (const secret of ['hunter2', 'r-secret', 'scrypt-secret', 'tok_secret', 'bare-secret']) expect(line).not.toContain(secret);
    expect(line).toContain('"method":"card"');
  });
});
