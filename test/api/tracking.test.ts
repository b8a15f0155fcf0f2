import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { ADMIN, describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

describeApi('product views', (api) => {
  let productId = '';
  const view = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) => call(api().app, 'POST', '/api/v1/events/product-viewed', body, options);

  beforeAll(async () => {
    const admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const category = (await call(api().app, 'POST', '/api/v1/categories', { name: 'Garden' }, { token: admin })).json<{ categoryId: string }>();
    const product = await call(api().app, 'POST', '/api/v1/products', { sku: `sku-${randomUUID()}`, name: 'Rake', description: 'A rake.', price: { amount: 1299, currency: 'EUR' }, categoryId: category.categoryId }, { token: admin });
    productId = product.json<{ productId: string }>().productId;
  });

  it('records an anonymous view under the storefront session: 202 with the session id and position', async () => {
    const sessionId = `web-${randomUUID()}`;
    const response = await view({ productId, sessionId });
    expect(response.statusCode).toBe(202);
    const events = await api().store.readStream(`browsing-${sessionId}`);
    expect(events.map((event) => event.data)).toEqual([{ sessionId, productId, userId: null, viewedAt: expect.any(String) as unknown }]);
    expect(response.json()).toEqual({ sessionId, position: events[0]?.position.toString() });
    expect(events[0]?.metadata.correlationId).toBe(response.headers['x-correlation-id']);
  });

  it('records a signed-in view with the customer, under the session of the token when none is given', async () => {
    const { userId, accessToken } = await registerAndLogin(api().app);
    const response = await view({ productId }, { token: accessToken });
    expect(response.statusCode).toBe(202);
    const { sessionId } = response.json<{ sessionId: string }>();
    const [event] = await api().store.readStream(`browsing-${sessionId}`);
    expect(event?.data).toMatchObject({ productId, userId });
    expect(event?.metadata.actorId).toBe(userId);
    const second = await view({ productId }, { token: accessToken });
    expect(second.json<{ sessionId: string }>().sessionId).toBe(sessionId);
    expect(await api().store.readStream(`browsing-${sessionId}`)).toHaveLength(2);
  });

  it('gives an anonymous visitor without a session id a new one', async () => {
    const first = (await view({ productId })).json<{ sessionId: string }>();
    const second = (await view({ productId })).json<{ sessionId: string }>();
    expect(first.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.sessionId).not.toBe(first.sessionId);
  });

  it('records a view once when the request is repeated with its Idempotency-Key', async () => {
    const sessionId = `web-${randomUUID()}`;
    const headers = { 'idempotency-key': randomUUID() };
    const first = await view({ productId, sessionId }, { headers });
    const repeat = await view({ productId, sessionId }, { headers });
    expect(repeat.json()).toEqual(first.json());
    expect(await api().store.readStream(`browsing-${sessionId}`)).toHaveLength(1);
  });

  it('refuses unknown products, bad session ids, bad tokens and bad bodies, appending nothing', async () => {
    const before = await eventCount(api().store);
    expectProblem(await view({ productId: randomUUID(), sessionId: 'web-1' }), 422);
    expectProblem(await view({ productId, sessionId: 'a/b' }), 400);
    expectProblem(await view({ productId: 'nope' }), 400);
    expectProblem(await view({ productId, extra: 1 }), 400);
    expectProblem(await view({ productId }, { token: 'tampered.token.value' }), 401);
    expect(await eventCount(api().store)).toBe(before);
  });
});
