import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { skuReservationStream } from '../../domain/catalog/sku-reservation.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

const uniqueSku = (): string => `sku-${randomUUID()}`;

function send(app: FastifyInstance, method: 'POST' | 'PATCH', url: string, payload: string, token: string): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, payload, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
}

describeApi('catalogue commands', (api) => {
  let admin = '';
  let customer = '';
  let categoryId = '';

  const newCategory = async (body: Record<string, unknown> = { name: 'Outdoor' }): Promise<string> => {
    const response = await call(api().app, 'POST', '/api/v1/categories', body, { token: admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ categoryId: string }>().categoryId;
  };
  const productBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    sku: uniqueSku(),
    name: 'Two-person tent',
    description: 'Light and waterproof.',
    price: { amount: 19999, currency: 'USD' },
    categoryId,
    attributes: { colour: 'green', weightKg: 2.1, waterproof: true },
    ...overrides,
  });
  const newProduct = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const response = await call(api().app, 'POST', '/api/v1/products', productBody(overrides), { token: admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ productId: string }>().productId;
  };
  const productEvents = async (productId: string) => api().store.readStream(`product-${productId}`);

  beforeAll(async () => {
    admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    customer = (await registerAndLogin(api().app)).accessToken;
    categoryId = await newCategory();
  });

  describe('categories', () => {
    it('creates a top-level category and a sub-category: 201 with the id, the position and the ETag', async () => {
      const top = await call(api().app, 'POST', '/api/v1/categories', { name: 'Camping' }, { token: admin });
      expect(top.statusCode).toBe(201);
      expect(top.headers.etag).toBe('"0"');
      const { categoryId: parentId, position } = top.json<{ categoryId: string; position: string }>();
      const [created] = await api().store.readStream(`category-${parentId}`);
      expect(created).toMatchObject({ type: 'CategoryCreated', data: { categoryId: parentId, name: 'Camping', parentId: null } });
      expect(created?.position.toString()).toBe(position);
      expect(created?.metadata.correlationId).toBe(top.headers['x-correlation-id']);

      const child = await call(api().app, 'POST', '/api/v1/categories', { name: '  Tents ', parentId }, { token: admin });
      expect(child.statusCode).toBe(201);
      const childId = child.json<{ categoryId: string }>().categoryId;
      expect(childId).not.toBe(parentId);
      const [childCreated] = await api().store.readStream(`category-${childId}`);
      expect(childCreated?.data).toMatchObject({ name: 'Tents', parentId });
    });

    it('answers 422 for an unknown parent and appends nothing', async () => {
      const before = await eventCount(api().store);
      expectProblem(await call(api().app, 'POST', '/api/v1/categories', { name: 'Orphan', parentId: randomUUID() }, { token: admin }), 422);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('refuses bad input, a missing token and a customer, appending nothing', async () => {
      const before = await eventCount(api().store);
      const post = (body: unknown, token = admin) => call(api().app, 'POST', '/api/v1/categories', body, { token });
      expectProblem(await send(api().app, 'POST', '/api/v1/categories', '{"name": ', admin), 400);
      expectProblem(await post({ name: 42 }), 400);
      expectProblem(await post({ name: '   ' }), 400);
      expectProblem(await post({ name: 'Shoes', colour: 'red' }), 400);
      expectProblem(await post({ name: 'Shoes', parentId: 'not-a-uuid' }), 400);
      expectProblem(await call(api().app, 'POST', '/api/v1/categories', { name: 'Shoes' }), 401);
      expectProblem(await post({ name: 'Shoes' }, customer), 403);
      expect(await eventCount(api().store)).toBe(before);
    });
  });

  describe('creating products', () => {
    it('reserves the SKU, then creates the product: 201 with the id, the position and ETag "0"', async () => {
      const body = productBody({ sku: ` ${uniqueSku()} ` });
      const response = await call(api().app, 'POST', '/api/v1/products', body, { token: admin });
      expect(response.statusCode).toBe(201);
      expect(response.headers.etag).toBe('"0"');
      const { productId, position } = response.json<{ productId: string; position: string }>();
      const sku = String(body.sku).trim();
      const [created] = await productEvents(productId);
      expect(created).toMatchObject({
        type: 'ProductCreated',
        data: { productId, sku, name: body.name, description: body.description, price: body.price, categoryId, attributes: body.attributes },
      });
      expect(created?.position.toString()).toBe(position);
      const [reserved] = await api().store.readStream(skuReservationStream(sku));
      expect(reserved).toMatchObject({ type: 'SkuReserved', data: { sku: sku.toUpperCase(), productId } });
    });

    it('answers 409 for a SKU that is taken, whatever its case and spacing, and appends nothing', async () => {
      const sku = uniqueSku();
      await newProduct({ sku });
      const before = await eventCount(api().store);
      expectProblem(await call(api().app, 'POST', '/api/v1/products', productBody({ sku: `  ${sku.toUpperCase()}` }), { token: admin }), 409);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('answers 422 for an unknown category and leaves the SKU free', async () => {
      const sku = uniqueSku();
      const before = await eventCount(api().store);
      expectProblem(await call(api().app, 'POST', '/api/v1/products', productBody({ sku, categoryId: randomUUID() }), { token: admin }), 422);
      expectProblem(await call(api().app, 'POST', '/api/v1/products', productBody({ sku, attributes: { '  ': 'blank name' } }), { token: admin }), 422);
      expect(await eventCount(api().store)).toBe(before);
      await newProduct({ sku });
    });

    it('10 parallel creations with one SKU create exactly one product', async () => {
      const sku = uniqueSku();
      const responses = await Promise.all(Array.from({ length: 10 }, () => call(api().app, 'POST', '/api/v1/products', productBody({ sku }), { token: admin })));
      expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((response) => response.statusCode === 409)).toHaveLength(9);
      // Streams are read directly: Postgres's $all lags behind any transaction open on the server.
      const winner = responses.find((response) => response.statusCode === 201)?.json<{ productId: string }>().productId;
      const reservations = await api().store.readStream(skuReservationStream(sku));
      expect(reservations.map((event) => event.data.productId)).toEqual([winner]);
      expect((await productEvents(winner ?? '')).map((event) => event.type)).toEqual(['ProductCreated']);
    });

    it('refuses bad input, a missing token and a customer, appending nothing', async () => {
      const before = await eventCount(api().store);
      const post = (overrides: Record<string, unknown>, token = admin) => call(api().app, 'POST', '/api/v1/products', productBody(overrides), { token });
      expectProblem(await send(api().app, 'POST', '/api/v1/products', '{"sku": "x", ', admin), 400);
      const floats = await post({ price: { amount: 199.99, currency: 'USD' } });
      expectProblem(floats, 400);
      expect(floats.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toContain('body.price.amount');
      for (const price of [{ amount: -100, currency: 'USD' }, { amount: 0, currency: 'USD' }, { amount: 100, currency: 'usd' }, { amount: 100, currency: 'USD', tax: 1 }, 100, '1.00']) {
        expectProblem(await post({ price }), 400);
      }
      expectProblem(await post({ sku: '   ' }), 400);
      expectProblem(await post({ name: 7 }), 400);
      expectProblem(await post({ categoryId: 'tents' }), 400);
      expectProblem(await post({ attributes: { size: { width: 2 } } }), 400);
      expectProblem(await post({ stock: 5 }), 400);
      expectProblem(await call(api().app, 'POST', '/api/v1/products', { sku: uniqueSku(), name: 'No description', price: { amount: 100, currency: 'USD' }, categoryId }, { token: admin }), 400);
      expectProblem(await call(api().app, 'POST', '/api/v1/products', productBody()), 401);
      expectProblem(await post({}, customer), 403);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('an Idempotency-Key repeat answers the same, ETag included, and creates one product', async () => {
      const body = productBody();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await call(api().app, 'POST', '/api/v1/products', body, { token: admin, headers });
      const again = await call(api().app, 'POST', '/api/v1/products', body, { token: admin, headers });
      expect(first.statusCode).toBe(201);
      expect({ status: again.statusCode, body: again.body, etag: again.headers.etag }).toEqual({ status: 201, body: first.body, etag: '"0"' });
      expect(again.headers['idempotent-replayed']).toBe('true');
      const { productId } = first.json<{ productId: string }>();
      expect((await api().store.readStream(skuReservationStream(String(body.sku)))).map((event) => event.data.productId)).toEqual([productId]);
      expect(await productEvents(productId)).toHaveLength(1);
    });
  });

  describe('changing products', () => {
    const patch = (productId: string, body: unknown, headers: Record<string, string> = {}, token = admin) =>
      call(api().app, 'PATCH', `/api/v1/products/${productId}`, body, { token, headers });

    it('changes the details given: 200 with the position and the new ETag; only what changed is recorded', async () => {
      const productId = await newProduct();
      const otherCategory = await newCategory({ name: 'Hiking' });
      const response = await patch(productId, { name: 'Three-person tent', description: 'Light and waterproof.', categoryId: otherCategory, attributes: { colour: 'red' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      const [, changed] = await productEvents(productId);
      expect(changed?.type).toBe('ProductDetailsChanged');
      expect(changed?.data).toEqual({ productId, name: 'Three-person tent', categoryId: otherCategory, attributes: { colour: 'red' }, changedAt: expect.any(String) as unknown });
      expect(response.json()).toEqual({ position: changed?.position.toString() });
    });

    it('a patch of details and price is one append, covered as a whole by If-Match', async () => {
      const productId = await newProduct();
      const response = await patch(productId, { name: 'Tent, reduced', price: { amount: 14999, currency: 'USD' } }, { 'if-match': '"0"' });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      const [, details, price] = await productEvents(productId);
      expect(details).toMatchObject({ type: 'ProductDetailsChanged', revision: 1n, data: { name: 'Tent, reduced' } });
      expect(price).toMatchObject({ type: 'ProductPriceChanged', revision: 2n, data: { price: { amount: 14999, currency: 'USD' }, previousPrice: { amount: 19999, currency: 'USD' } } });
      expect(response.json()).toEqual({ position: price?.position.toString() });

      const before = await eventCount(api().store);
      expectProblem(await patch(productId, { name: 'Stale', price: { amount: 9999, currency: 'USD' } }, { 'if-match': '"0"' }), 412);
      expectProblem(await patch(productId, { name: 'Unquoted' }, { 'if-match': '2' }), 400);
      expect(await eventCount(api().store)).toBe(before);
      expect((await patch(productId, { name: 'Current' }, { 'if-match': '"2"' })).headers.etag).toBe('"3"');
    });

    it('all or nothing: a refused price leaves the details unchanged', async () => {
      const productId = await newProduct();
      const before = await eventCount(api().store);
      expectProblem(await patch(productId, { name: 'Euro tent', price: { amount: 18000, currency: 'EUR' } }), 422);
      expect(await eventCount(api().store)).toBe(before);
      expect(await productEvents(productId)).toHaveLength(1);
    });

    it('a patch that changes nothing appends nothing and answers the current position and ETag', async () => {
      const productId = await newProduct({ name: 'Same' });
      const [created] = await productEvents(productId);
      const response = await patch(productId, { name: 'Same', price: { amount: 19999, currency: 'USD' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"0"');
      expect(response.json()).toEqual({ position: created?.position.toString() });
      expect(await productEvents(productId)).toHaveLength(1);
    });

    it('answers 404 for an unknown product, 422 for an unknown category, 409 once discontinued', async () => {
      const productId = await newProduct();
      const before = await eventCount(api().store);
      expectProblem(await patch(randomUUID(), { name: 'Ghost' }), 404);
      expectProblem(await patch(productId, { categoryId: randomUUID() }), 422);
      expect(await eventCount(api().store)).toBe(before);
      expect((await call(api().app, 'POST', `/api/v1/products/${productId}/discontinue`, undefined, { token: admin })).statusCode).toBe(200);
      const discontinued = await eventCount(api().store);
      expectProblem(await patch(productId, { name: 'Back again' }), 409);
      expectProblem(await patch(productId, { price: { amount: 100, currency: 'USD' } }), 409);
      expect(await eventCount(api().store)).toBe(discontinued);
    });

    it('refuses bad input, a missing token and a customer, appending nothing', async () => {
      const productId = await newProduct();
      const before = await eventCount(api().store);
      expectProblem(await send(api().app, 'PATCH', `/api/v1/products/${productId}`, '{"name": ', admin), 400);
      expectProblem(await patch(productId, {}), 400);
      expectProblem(await patch(productId, { price: { amount: 10.5, currency: 'USD' } }), 400);
      expectProblem(await patch(productId, { price: { amount: 0, currency: 'USD' } }), 400);
      expectProblem(await patch(productId, { name: '' }), 400);
      expectProblem(await patch(productId, { sku: 'NEW-SKU' }), 400);
      expectProblem(await patch(productId, { categoryId: 42 }), 400);
      expectProblem(await patch('not-a-uuid', { name: 'x' }), 400);
      expectProblem(await call(api().app, 'PATCH', `/api/v1/products/${productId}`, { name: 'x' }), 401);
      expectProblem(await patch(productId, { name: 'x' }, {}, customer), 403);
      expect(await eventCount(api().store)).toBe(before);
    });
  });

  describe('discontinuing products', () => {
    const discontinue = (productId: string, token = admin) => call(api().app, 'POST', `/api/v1/products/${productId}/discontinue`, undefined, { token });

    it('discontinues: 200 with the position and ETag; again appends nothing', async () => {
      const productId = await newProduct();
      const response = await discontinue(productId);
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      const [, discontinued] = await productEvents(productId);
      expect(discontinued).toMatchObject({ type: 'ProductDiscontinued', data: { productId } });
      expect(response.json()).toEqual({ position: discontinued?.position.toString() });
      const again = await discontinue(productId);
      expect({ status: again.statusCode, body: again.json<unknown>(), etag: again.headers.etag }).toEqual({ status: 200, body: response.json<unknown>(), etag: '"1"' });
      expect(await productEvents(productId)).toHaveLength(2);
    });

    it('answers 404 for an unknown product, 412 for a stale If-Match, 401 and 403, appending nothing', async () => {
      const productId = await newProduct();
      await call(api().app, 'PATCH', `/api/v1/products/${productId}`, { name: 'Renamed' }, { token: admin });
      const before = await eventCount(api().store);
      expectProblem(await discontinue(randomUUID()), 404);
      expectProblem(await discontinue('42'), 400);
      expectProblem(await call(api().app, 'POST', `/api/v1/products/${productId}/discontinue`, undefined, { token: admin, headers: { 'if-match': '"0"' } }), 412);
      expectProblem(await call(api().app, 'POST', `/api/v1/products/${productId}/discontinue`), 401);
      expectProblem(await discontinue(productId, customer), 403);
      expect(await eventCount(api().store)).toBe(before);
    });
  });
});
