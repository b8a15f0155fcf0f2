import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { ADMIN, systemTestSettings } from '../support/api.js';
import { EsdbEmulator } from '../support/esdb-emulator/emulator.js';
import { freePort } from '../support/free-port.js';
import { HttpSink } from '../support/http-sink.js';
import { call, registerAndLogin } from '../support/http.js';
import { createTestDatabase } from '../support/postgres.js';

// What the Zipkin exporter posts: a JSON array of spans (zipkin2 API v2).
const ZipkinSpansSchema = z.array(
  z.object({
    traceId: z.string(),
    id: z.string(),
    parentId: z.string().optional(),
    name: z.string(),
    kind: z.string().optional(),
    localEndpoint: z.object({ serviceName: z.string() }),
    tags: z.record(z.string(), z.string()),
  }),
);
type ZipkinSpan = z.infer<typeof ZipkinSpansSchema>[number];

/** Runs the whole system (listening on a port of its own) with `env` added, and cleans up after `work`. */
async function withSystem(kind: 'postgres' | 'esdb', env: Record<string, string>, work: (system: System) => Promise<void>): Promise<void> {
  const database = await createTestDatabase();
  const emulator = kind === 'esdb' ? await EsdbEmulator.start() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-tracing-'));
  try {
    const config = loadConfig({
      ...systemTestSettings(emulator?.url ?? database.url, database.url, dataDir),
      PORT: String(await freePort()),
      ...env,
    });
    await work(await createSystem(config, createLogger('silent')));
  } finally {
    await emulator?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Places an order over real HTTP (the body parsed from a socket, as in production) with the caller's
 * `traceparent`, and waits until the saga has confirmed it. Setting up the shop goes through inject.
 */
async function placeConfirmedOrder(system: System, traceparent: string): Promise<string> {
  const app = system.http;
  const address = await system.listen();
  const admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
  const categoryId = (await call(app, 'POST', '/api/v1/categories', { name: 'Optics' }, { token: admin })).json<{ categoryId: string }>().categoryId;
  const product = { sku: `lens-${randomBytes(4).toString('hex')}`, name: 'Lens', description: 'Clear.', price: { amount: 4_000, currency: 'EUR' }, categoryId };
  const productId = (await call(app, 'POST', '/api/v1/products', product, { token: admin })).json<{ productId: string }>().productId;
  expect((await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 3 }, { token: admin })).statusCode).toBe(200);
  const customer = await registerAndLogin(app);
  const order = { items: [{ productId, quantity: 1 }], shippingAddress: { name: 'Ada', line1: '1 Way', city: 'Paris', postalCode: '75001', country: 'FR' }, payment: { method: 'card', token: 'tok_visa' } };
  const placed = await fetch(`${address}/api/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${customer.accessToken}`, 'content-type': 'application/json', traceparent },
    body: JSON.stringify(order),
  });
  expect(placed.status).toBe(202);
  const { orderId } = z.object({ orderId: z.string() }).parse(await placed.json());
  await vi.waitFor(async () => expect((await call(app, 'GET', `/api/v1/orders/${orderId}`, undefined, { token: admin })).json<{ status: string }>().status).toBe('confirmed'), {
    timeout: 15_000,
    interval: 50,
  });
  return orderId;
}

describe('tracing', () => {
  for (const kind of ['postgres', 'esdb'] as const) {
    it(`follows an order in one trace from its request through the saga's steps to their commands (${kind === 'esdb' ? 'EventStoreDB adapter on the emulator' : 'Postgres adapter'})`, async () => {
      const zipkin = await HttpSink.start();
      try {
        // The caller's trace: the request continues it.
        const traceId = randomBytes(16).toString('hex');
        const callerSpanId = randomBytes(8).toString('hex');
        let orderId = '';
        let orderPlacedMetadata: Record<string, unknown> = {};
        await withSystem(kind, { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.url, OTEL_SERVICE_NAME: 'shopverse-under-test' }, async (system) => {
          try {
            orderId = await placeConfirmedOrder(system, `00-${traceId}-${callerSpanId}-01`);
            orderPlacedMetadata = (await system.eventStore.readStream(`order-${orderId}`))[0]?.metadata ?? {};
          } finally {
            // Flushes the batched spans: nothing is exported before this in so short a run.
            await system.stop();
          }
        });

        const spans = zipkin.requests.flatMap((request) => ZipkinSpansSchema.parse(request.body)).filter((span) => span.traceId === traceId);
        const named = (name: string, parent: ZipkinSpan): ZipkinSpan => {
          const found = spans.filter((span) => span.name === name && span.parentId === parent.id);
          expect(found, `one ${name} span under ${parent.name}`).toHaveLength(1);
          return found[0] as ZipkinSpan;
        };
        const http = named('POST /api/v1/orders', { id: callerSpanId, name: 'the caller' } as ZipkinSpan);
        expect(http).toMatchObject({ kind: 'SERVER', localEndpoint: { serviceName: 'shopverse-under-test' }, tags: { 'http.route': '/api/v1/orders', 'http.response.status_code': '202' } });
        const placeOrder = named('PlaceOrder', http);
        expect(placeOrder.tags).toMatchObject({ 'shopverse.command.type': 'PlaceOrder', 'shopverse.stream.id': `order-${orderId}`, 'shopverse.command.outcome': 'accepted' });
        // The trace crosses the event store: the event carries the command span's context.
        expect(orderPlacedMetadata.traceparent).toBe(`00-${traceId}-${placeOrder.id}-01`);
        const reactToPlaced = named('saga react OrderPlaced', placeOrder);
        expect(reactToPlaced).toMatchObject({ kind: 'CONSUMER', tags: { 'shopverse.order.id': orderId, 'shopverse.saga.outcome': 'done' } });
        expect(named('ReserveStock', reactToPlaced).tags).toMatchObject({ 'shopverse.command.outcome': 'accepted' });
        named('InitiatePayment', reactToPlaced);
        // Scheduled by the step: the authorization's span is its child.
        const authorize = named('saga authorize_payment', reactToPlaced);
        const recordAuthorization = named('RecordAuthorization', authorize);
        const reactToAuthorized = named('saga react PaymentAuthorized', recordAuthorization);
        expect(named('ConfirmOrder', reactToAuthorized).tags).toMatchObject({ 'shopverse.stream.id': `order-${orderId}`, 'shopverse.command.outcome': 'accepted' });
      } finally {
        await zipkin.close();
      }
    });
  }

  it('is off by default: nothing recorded or exported, no traceparent in the events', async () => {
    const zipkin = await HttpSink.start();
    try {
      let orderPlacedMetadata: Record<string, unknown> = {};
      // An endpoint alone does not turn tracing on.
      await withSystem('postgres', { OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.url }, async (system) => {
        try {
          expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
          const orderId = await placeConfirmedOrder(system, `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
          orderPlacedMetadata = (await system.eventStore.readStream(`order-${orderId}`))[0]?.metadata ?? {};
        } finally {
          await system.stop();
        }
      });
      expect(orderPlacedMetadata).toHaveProperty('correlationId');
      expect(orderPlacedMetadata).not.toHaveProperty('traceparent');
      expect(zipkin.requests).toEqual([]);
    } finally {
      await zipkin.close();
    }
  });
});
