import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import { WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
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

  it('shows the saga jobs by kind and status (a payment timeout fired) and the notifications by channel and status', async () => {
    const { app } = api();
    const admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const customer = await registerAndLogin(app);
    const categoryId = (await call(app, 'POST', '/api/v1/categories', { name: 'Clocks' }, { token: admin })).json<{ categoryId: string }>().categoryId;
    const product = { sku: `clock-${randomUUID()}`, name: 'Clock', description: 'Ticks.', price: { amount: 900, currency: 'USD' }, categoryId };
    const productId = (await call(app, 'POST', '/api/v1/products', product, { token: admin })).json<{ productId: string }>().productId;
    expect((await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 3 }, { token: admin })).statusCode).toBe(200);
    const address = { name: 'Ada', line1: '1 Way', city: 'London', postalCode: 'N1', country: 'GB' };
    const body = { items: [{ productId, quantity: 1 }], shippingAddress: address, payment: { method: 'card', token: 'tok_timeout' } };
    expect((await call(app, 'POST', '/api/v1/orders', body, { token: customer.accessToken })).statusCode).toBe(202);
    await vi.waitFor(
      async () => {
        const metrics = await scrape();
        expect(metrics.get('shopverse_saga_jobs{kind="payment_timeout",status="done"}')).toBeGreaterThanOrEqual(1);
        expect([...metrics].some(([key, value]) => key.startsWith('shopverse_notifications{channel="email"') && value >= 1)).toBe(true);
      },
      { timeout: 15_000, interval: 200 },
    );
  });
});
