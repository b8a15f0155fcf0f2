import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import { WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
import { orderSagaProjection } from '../../process-managers/order-fulfilment/order-saga-projection.js';
import { readModelProjections } from '../../projections/read-models.js';
import { ADMIN, describeApi } from '../support/api.js';
import { metadata } from '../support/events.js';
import { call, registerAndLogin } from '../support/http.js';

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const parsed = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf(' ');
    parsed.set(line.slice(0, split), Number(line.slice(split + 1)));
  }
  return parsed;
}

describeApi('metrics', (api) => {
  const scrape = async () => samples((await call(api().app, 'GET', '/metrics')).body);
  const adminToken = async () => (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
  const aProduct = async (admin: string): Promise<string> => {
    const { app } = api();
    const categoryId = (await call(app, 'POST', '/api/v1/categories', { name: 'Clocks' }, { token: admin })).json<{ categoryId: string }>().categoryId;
    const product = { sku: `clock-${randomUUID()}`, name: 'Clock', description: 'Ticks.', price: { amount: 900, currency: 'USD' }, categoryId };
    return (await call(app, 'POST', '/api/v1/products', product, { token: admin })).json<{ productId: string }>().productId;
  };

  it('times HTTP requests per route pattern, method and status; unmatched paths share one label', async () => {
    const productId = randomUUID();
    expect((await call(api().app, 'GET', `/api/v1/products/${productId}`)).statusCode).toBe(404);
    expect((await call(api().app, 'GET', `/no/such/path/${productId}`)).statusCode).toBe(404);
    const metrics = await scrape();
    expect(metrics.get('shopverse_http_request_duration_seconds_count{route="/api/v1/products/:id",method="GET",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('shopverse_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"}')).toBeGreaterThanOrEqual(1);
    expect([...metrics.keys()].some((key) => key.includes(productId))).toBe(false);
  });

  it('times appends by outcome and counts the conflicts', async () => {
    const streamId = `metrics-${randomUUID()}`;
    const before = await scrape();
    await api().store.append(streamId, [{ eventId: randomUUID(), type: 'MetricsProbe', data: {}, metadata: metadata() }], { expectedRevision: 'no_stream' });
    const refused = await api()
      .store.append(streamId, [{ eventId: randomUUID(), type: 'MetricsProbe', data: {}, metadata: metadata() }], { expectedRevision: 'no_stream' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    const after = await scrape();
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(grew('shopverse_event_store_append_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(grew('shopverse_event_store_append_duration_seconds_count{outcome="conflict"}')).toBeGreaterThanOrEqual(1);
    expect(grew('shopverse_event_store_append_conflicts_total')).toBeGreaterThanOrEqual(1);
  });

  it('counts the commands the API handles by type and outcome, and their retries after a conflict', async () => {
    const { app } = api();
    const admin = await adminToken();
    const productId = await aProduct(admin);
    const before = await scrape();
    expect((await call(app, 'POST', '/api/v1/categories', { name: 'Counted' }, { token: admin })).statusCode).toBe(201);
    expect((await call(app, 'POST', '/api/v1/categories', { name: 'Orphan', parentId: randomUUID() }, { token: admin })).statusCode).toBe(422);
    // Writers racing on one stream: the losers of each round decide again.
    const restocks = await Promise.all(Array.from({ length: 12 }, () => call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 1 }, { token: admin })));
    expect(restocks.map((response) => response.statusCode)).toEqual(restocks.map(() => 200));
    const after = await scrape();
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(grew('shopverse_commands_total{command="CreateCategory",outcome="accepted"}')).toBe(1);
    expect(grew('shopverse_commands_total{command="CreateCategory",outcome="rejected"}')).toBe(1);
    expect(grew('shopverse_commands_total{command="Restock",outcome="accepted"}')).toBe(12);
    expect(grew('shopverse_command_retries_total{command="Restock"}')).toBeGreaterThanOrEqual(1);
    const outcomes = new Set([...after.keys()].filter((key) => key.startsWith('shopverse_commands_total{')).map((key) => /outcome="([^"]*)"/.exec(key)?.[1]));
    expect([...outcomes].every((outcome) => ['accepted', 'rejected', 'conflict', 'precondition_failed', 'unavailable', 'error'].includes(outcome ?? ''))).toBe(true);
  });

  it("shows each projection's lag in events and seconds, read from its checkpoint: none once caught up", async () => {
    const names = [...readModelProjections, orderSagaProjection].map((projection) => projection.name);
    await api().store.append(`metrics-${randomUUID()}`, [{ eventId: randomUUID(), type: 'MetricsProbe', data: {}, metadata: metadata() }]);
    await vi.waitFor(
      async () => {
        const metrics = await scrape();
        for (const name of names) {
          expect(metrics.get(`shopverse_projection_lag_events{projection="${name}"}`), name).toBe(0);
          expect(metrics.get(`shopverse_projection_lag_seconds{projection="${name}"}`), name).toBe(0);
        }
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('shows the saga jobs by kind and status (a payment timeout fired), the sagas by state and the notifications by channel and status', async () => {
    const { app } = api();
    const admin = await adminToken();
    const customer = await registerAndLogin(app);
    const productId = await aProduct(admin);
    expect((await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 3 }, { token: admin })).statusCode).toBe(200);
    const address = { name: 'Ada', line1: '1 Way', city: 'London', postalCode: 'N1', country: 'GB' };
    const body = { items: [{ productId, quantity: 1 }], shippingAddress: address, payment: { method: 'card', token: 'tok_timeout' } };
    const before = await scrape();
    expect((await call(app, 'POST', '/api/v1/orders', body, { token: customer.accessToken })).statusCode).toBe(202);
    await vi.waitFor(
      async () => {
        const metrics = await scrape();
        expect(metrics.get('shopverse_saga_jobs{kind="payment_timeout",status="done"}')).toBeGreaterThanOrEqual(1);
        expect([...metrics].some(([key, value]) => key.startsWith('shopverse_notifications{channel="email"') && value >= 1)).toBe(true);
        // The order's saga ended with the timeout's decline: cancelled.
        expect(metrics.get('shopverse_saga_instances{saga="order",state="cancelled"}')).toBeGreaterThanOrEqual(1);
      },
      { timeout: 15_000, interval: 200 },
    );
    const after = await scrape();
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(grew('shopverse_saga_timeouts_fired_total')).toBe(1);
    // The saga's commands count as the API's do: the order placed, then its steps up to the timeout's decline.
    expect(grew('shopverse_commands_total{command="PlaceOrder",outcome="accepted"}')).toBe(1);
    for (const command of ['ReserveStock', 'InitiatePayment', 'RecordDecline', 'ReleaseReservation', 'CancelOrder']) {
      expect(grew(`shopverse_commands_total{command="${command}",outcome="accepted"}`), command).toBeGreaterThanOrEqual(1);
    }
  });
});
