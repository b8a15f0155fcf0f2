import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, describeApi } from '../support/api.js';
import { call, expectProblem, registerAndLogin } from '../support/http.js';

describeApi('inventory queries', (api) => {
  let admin = '';
  let customer = '';
  let categoryId = '';

  const newProduct = async (): Promise<string> => {
    const body = { sku: `sku-${randomUUID()}`, name: 'Kettle', description: 'Boils water.', price: { amount: 2999, currency: 'USD' }, categoryId };
    const response = await call(api().app, 'POST', '/api/v1/products', body, { token: admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ productId: string }>().productId;
  };
  const positionOf = (response: LightMyRequestResponse): string => response.json<{ position: string }>().position;
  const stockOf = (productId: string, options: { token?: string; minPosition?: string } = {}) =>
    call(api().app, 'GET', `/api/v1/inventory/${productId}`, undefined, {
      token: options.token ?? admin,
      ...(options.minPosition === undefined ? {} : { headers: { 'x-min-position': options.minPosition } }),
    });

  beforeAll(async () => {
    admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    customer = (await registerAndLogin(api().app)).accessToken;
    const category = await call(api().app, 'POST', '/api/v1/categories', { name: 'Kitchen' }, { token: admin });
    categoryId = category.json<{ categoryId: string }>().categoryId;
  });

  describe('GET /api/v1/inventory/{productId}', () => {
    it('shows a restock and a new threshold on the first GET that waits for the command\'s position', async () => {
      const productId = await newProduct();
      const restocked = await call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 12 }, { token: admin });
      expect(restocked.statusCode).toBe(200);
      const first = await stockOf(productId, { minPosition: positionOf(restocked) });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ productId, onHand: 12, reserved: 0, available: 12, lowStockThreshold: 0 });
      expect(BigInt(first.headers['x-projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(positionOf(restocked)));

      const threshold = await call(api().app, 'PUT', `/api/v1/inventory/${productId}/threshold`, { lowStockThreshold: 5 }, { token: admin });
      const restockedAgain = await call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 3 }, { token: admin });
      expect([threshold.statusCode, restockedAgain.statusCode]).toEqual([200, 200]);
      const second = await stockOf(productId, { minPosition: positionOf(restockedAgain) });
      expect(second.json()).toEqual({ productId, onHand: 15, reserved: 0, available: 15, lowStockThreshold: 5 });
    });

    it('carries X-Projection-Position without X-Min-Position too', async () => {
      const productId = await newProduct();
      const restocked = await call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 1 }, { token: admin });
      await stockOf(productId, { minPosition: positionOf(restocked) });
      const response = await stockOf(productId);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-projection-position']).toMatch(/^\d+$/);
    });

    it('answers 404 for a product whose stock was never recorded, a catalogue product not yet restocked included', async () => {
      const productId = await newProduct();
      const notFound = await stockOf(productId);
      expectProblem(notFound, 404);
      expect(notFound.headers['x-projection-position']).toMatch(/^-?\d+$/);
      expectProblem(await stockOf(randomUUID()), 404);
    });

    it('is for admins only: 401 without a valid token, 403 for a customer; a malformed id is a 400', async () => {
      const productId = await newProduct();
      const anonymous = await call(api().app, 'GET', `/api/v1/inventory/${productId}`);
      expectProblem(anonymous, 401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expectProblem(await stockOf(productId, { token: 'not.a.token' }), 401);
      expectProblem(await stockOf(productId, { token: customer }), 403);
      expectProblem(await stockOf('not-a-uuid'), 400);
      expectProblem(await stockOf(productId, { minPosition: 'soon' }), 400);
    });
  });

  it('documents the route in the OpenAPI document', async () => {
    const document = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/inventory/{productId}'] ?? {})).toContain('get');
  });
});
