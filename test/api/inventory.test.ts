import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

describeApi('inventory commands', (api) => {
  let admin = '';
  let customer = '';
  let categoryId = '';

  const newProduct = async (): Promise<string> => {
    const body = { sku: `sku-${randomUUID()}`, name: 'Stove', description: 'Gas stove.', price: { amount: 4999, currency: 'USD' }, categoryId };
    const response = await call(api().app, 'POST', '/api/v1/products', body, { token: admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ productId: string }>().productId;
  };
  const restock = (productId: string, body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
    call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, body, { token: admin, ...options });
  const setThreshold = (productId: string, body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
    call(api().app, 'PUT', `/api/v1/inventory/${productId}/threshold`, body, { token: admin, ...options });
  const stockEvents = async (productId: string) => api().store.readStream(`inventory-${productId}`);

  beforeAll(async () => {
    admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    customer = (await registerAndLogin(api().app)).accessToken;
    const category = await call(api().app, 'POST', '/api/v1/categories', { name: 'Kitchen' }, { token: admin });
    categoryId = category.json<{ categoryId: string }>().categoryId;
  });

  describe('restocking', () => {
    it('adds to the stock on hand: 200 with the position of the event and the ETag', async () => {
      const productId = await newProduct();
      const first = await restock(productId, { quantity: 10 });
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).toBe('"0"');
      const second = await restock(productId, { quantity: 5 });
      expect(second.headers.etag).toBe('"1"');
      const events = await stockEvents(productId);
      expect(events.map((event) => ({ type: event.type, quantity: event.data.quantity, onHand: event.data.onHand }))).toEqual([
        { type: 'StockRestocked', quantity: 10, onHand: 10 },
        { type: 'StockRestocked', quantity: 5, onHand: 15 },
      ]);
      expect(first.json()).toEqual({ position: events[0]?.position.toString() });
      expect(second.json()).toEqual({ position: events[1]?.position.toString() });
      expect(events[1]?.metadata.correlationId).toBe(second.headers['x-correlation-id']);
    });

    it('answers 404 for a product that is not in the catalogue, and appends nothing', async () => {
      const before = await eventCount(api().store);
      expectProblem(await restock(randomUUID(), { quantity: 3 }), 404);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('refuses zero, negative, fractional and non-numeric quantities and other bad input, appending nothing', async () => {
      const productId = await newProduct();
      const before = await eventCount(api().store);
      for (const body of [{ quantity: 0 }, { quantity: -4 }, { quantity: 1.5 }, { quantity: '3' }, {}, { quantity: 3, reason: 'delivery' }]) {
        expectProblem(await restock(productId, body), 400);
      }
      expectProblem(await api().app.inject({ method: 'POST', url: `/api/v1/inventory/${productId}/restock`, payload: '{"quantity": ', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` } }), 400);
      expectProblem(await restock('not-a-uuid', { quantity: 3 }), 400);
      expectProblem(await call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 3 }), 401);
      expectProblem(await restock(productId, { quantity: 3 }, { token: customer }), 403);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('honours If-Match: a stale revision is a 412 and appends nothing', async () => {
      const productId = await newProduct();
      await restock(productId, { quantity: 2 });
      await restock(productId, { quantity: 2 });
      const before = await eventCount(api().store);
      expectProblem(await restock(productId, { quantity: 2 }, { headers: { 'if-match': '"0"' } }), 412);
      expectProblem(await setThreshold(productId, { lowStockThreshold: 1 }, { headers: { 'if-match': '"0"' } }), 412);
      expectProblem(await restock(productId, { quantity: 2 }, { headers: { 'if-match': 'W/"1"' } }), 400);
      expect(await eventCount(api().store)).toBe(before);
      const current = await restock(productId, { quantity: 2 }, { headers: { 'if-match': '"1"' } });
      expect({ status: current.statusCode, etag: current.headers.etag }).toEqual({ status: 200, etag: '"2"' });
    });

    it('an Idempotency-Key repeat answers the same and restocks once', async () => {
      const productId = await newProduct();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await restock(productId, { quantity: 7 }, { headers });
      const again = await restock(productId, { quantity: 7 }, { headers });
      expect(first.statusCode).toBe(200);
      expect({ status: again.statusCode, body: again.body, etag: again.headers.etag }).toEqual({ status: 200, body: first.body, etag: '"0"' });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect((await stockEvents(productId)).map((event) => event.data.onHand)).toEqual([7]);
    });
  });

  describe('the low-stock threshold', () => {
    it('sets the threshold: 200 with the position; below it, the shortfall is reported; the same threshold again appends nothing', async () => {
      const productId = await newProduct();
      await restock(productId, { quantity: 10 });
      const response = await setThreshold(productId, { lowStockThreshold: 20 });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      const [, thresholdSet, detected] = await stockEvents(productId);
      expect(thresholdSet).toMatchObject({ type: 'LowStockThresholdSet', data: { productId, threshold: 20 } });
      expect(detected).toMatchObject({ type: 'LowStockDetected', data: { productId, available: 10, threshold: 20 } });
      expect(response.json()).toEqual({ position: detected?.position.toString() });

      const again = await setThreshold(productId, { lowStockThreshold: 20 });
      expect({ status: again.statusCode, body: again.json<unknown>(), etag: again.headers.etag }).toEqual({ status: 200, body: response.json<unknown>(), etag: '"2"' });
      expect(await stockEvents(productId)).toHaveLength(3);
    });

    it('sets a threshold for a product never restocked, whose empty stock is then short', async () => {
      const productId = await newProduct();
      const response = await setThreshold(productId, { lowStockThreshold: 0 });
      expect({ status: response.statusCode, body: response.json<unknown>() }).toEqual({ status: 200, body: { position: '0' } });
      const set = await setThreshold(productId, { lowStockThreshold: 3 });
      expect(set.headers.etag).toBe('"1"');
      expect((await stockEvents(productId)).map((event) => event.type)).toEqual(['LowStockThresholdSet', 'LowStockDetected']);
    });

    it('answers 404 for an unknown product and refuses bad input, a missing token and a customer, appending nothing', async () => {
      const productId = await newProduct();
      const before = await eventCount(api().store);
      expectProblem(await setThreshold(randomUUID(), { lowStockThreshold: 5 }), 404);
      for (const body of [{ lowStockThreshold: -1 }, { lowStockThreshold: 2.5 }, { lowStockThreshold: '5' }, {}, { threshold: 5 }, { lowStockThreshold: 5, notify: true }]) {
        expectProblem(await setThreshold(productId, body), 400);
      }
      expectProblem(await call(api().app, 'PUT', `/api/v1/inventory/${productId}/threshold`, { lowStockThreshold: 5 }), 401);
      expectProblem(await setThreshold(productId, { lowStockThreshold: 5 }, { token: customer }), 403);
      expect(await eventCount(api().store)).toBe(before);
    });
  });
});
