import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect, vi } from 'vitest';
import { ADMIN } from '../../support/api.js';
import { call, registerAndLogin } from '../../support/http.js';

const address = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

export interface Customer {
  readonly userId: string;
  readonly accessToken: string;
}

export interface RecommendationsAnswer {
  readonly items: readonly { productId: string; score: number; reason: string }[];
}

/** A shop driven through the API as a storefront and an admin would: products in stock, confirmed orders, views. */
export class TestShop {
  private constructor(
    private readonly app: FastifyInstance,
    private readonly admin: string,
  ) {}

  static async open(app: FastifyInstance): Promise<TestShop> {
    const login = await call(app, 'POST', '/api/v1/auth/login', ADMIN);
    expect(login.statusCode).toBe(200);
    return new TestShop(app, login.json<{ accessToken: string }>().accessToken);
  }

  async category(name = `Category ${randomUUID()}`): Promise<string> {
    const response = await call(this.app, 'POST', '/api/v1/categories', { name }, { token: this.admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ categoryId: string }>().categoryId;
  }

  /** A product with 1,000 units in stock. */
  async product(categoryId: string, attributes: Record<string, string | number | boolean> = {}): Promise<string> {
    const body = { sku: `rec-${randomUUID()}`, name: 'Thing', description: 'A thing.', price: { amount: 1_000, currency: 'EUR' }, categoryId, attributes };
    const created = await call(this.app, 'POST', '/api/v1/products', body, { token: this.admin });
    expect(created.statusCode).toBe(201);
    const productId = created.json<{ productId: string }>().productId;
    expect((await call(this.app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 1_000 }, { token: this.admin })).statusCode).toBe(200);
    return productId;
  }

  async discontinue(productId: string): Promise<string> {
    const response = await call(this.app, 'POST', `/api/v1/products/${productId}/discontinue`, undefined, { token: this.admin });
    expect(response.statusCode).toBe(200);
    return response.json<{ position: string }>().position;
  }

  customer(): Promise<Customer> {
    return registerAndLogin(this.app);
  }

  /** Places the order and waits until the saga confirmed it. */
  async buy(customer: Customer, productIds: readonly string[]): Promise<string> {
    const items = productIds.map((productId) => ({ productId, quantity: 1 }));
    const placed = await call(this.app, 'POST', '/api/v1/orders', { items, shippingAddress: address, payment: { method: 'card', token: 'tok_visa' } }, { token: customer.accessToken });
    expect(placed.statusCode).toBe(202);
    const orderId = placed.json<{ orderId: string }>().orderId;
    await vi.waitFor(
      async () => {
        const order = await call(this.app, 'GET', `/api/v1/orders/${orderId}`, undefined, { token: this.admin });
        expect(order.json<{ status: string }>().status).toBe('confirmed');
      },
      { timeout: 20_000, interval: 50 },
    );
    return orderId;
  }

  async view(productId: string, sessionId: string, customer?: Customer): Promise<void> {
    const response = await call(this.app, 'POST', '/api/v1/events/product-viewed', { productId, sessionId }, customer === undefined ? {} : { token: customer.accessToken });
    expect(response.statusCode).toBe(202);
  }

  async recommendationsFor(customer: Customer, limit = 10): Promise<RecommendationsAnswer> {
    const response = await call(this.app, 'GET', `/api/v1/recommendations?limit=${String(limit)}`, undefined, { token: customer.accessToken });
    expect(response.statusCode).toBe(200);
    return response.json<RecommendationsAnswer>();
  }

  async relatedTo(productId: string, limit = 10): Promise<RecommendationsAnswer> {
    const response = await call(this.app, 'GET', `/api/v1/products/${productId}/related?limit=${String(limit)}`);
    expect(response.statusCode).toBe(200);
    return response.json<RecommendationsAnswer>();
  }
}
