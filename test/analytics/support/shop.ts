import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, vi } from 'vitest';
import type { EventStore } from '../../../infra/event-store/port.js';
import { ADMIN } from '../../support/api.js';
import { call, registerAndLogin } from '../../support/http.js';

const address = { name: 'Grace Hopper', line1: '1 Harbor Way', city: 'Arlington', postalCode: '22201', country: 'US' };

export interface Line {
  readonly productId: string;
  readonly quantity: number;
  readonly price: number;
}

/** How the test drives an order: paid (confirmed), declined (cancelled), or paid and then cancelled by the customer. */
export type Outcome = 'confirmed' | 'declined' | 'cancelled after confirmation';

export interface PlacedOrder {
  readonly orderId: string;
  readonly lines: readonly Line[];
  readonly outcome: Outcome;
}

/** What the dashboards must show for what a test did, computed from the orders and views themselves. */
export interface Expected {
  readonly confirmedOrders: number;
  readonly revenue: number;
  readonly placed: number;
  readonly cancelled: number;
  readonly views: number;
  /** Per product: units and revenue in confirmed orders. */
  readonly products: ReadonlyMap<string, { units: number; revenue: number }>;
}

export function expectedTotals(orders: readonly PlacedOrder[], views: number): Expected {
  const confirmed = orders.filter((order) => order.outcome !== 'declined');
  const products = new Map<string, { units: number; revenue: number }>();
  for (const line of confirmed.flatMap((order) => order.lines)) {
    const total = products.get(line.productId) ?? { units: 0, revenue: 0 };
    products.set(line.productId, { units: total.units + line.quantity, revenue: total.revenue + line.quantity * line.price });
  }
  return {
    confirmedOrders: confirmed.length,
    revenue: [...products.values()].reduce((sum, product) => sum + product.revenue, 0),
    placed: orders.length,
    cancelled: orders.filter((order) => order.outcome !== 'confirmed').length,
    views,
    products,
  };
}

/** An admin, a customer and a category, through the API: products, stock, views and orders as a storefront makes them. */
export class ShopDriver {
  readonly orders: PlacedOrder[] = [];
  views = 0;

  private constructor(
    private readonly app: FastifyInstance,
    readonly admin: string,
    private readonly customer: string,
    private readonly categoryId: string,
  ) {}

  static async open(app: FastifyInstance): Promise<ShopDriver> {
    const admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const customer = (await registerAndLogin(app)).accessToken;
    const category = await call(app, 'POST', '/api/v1/categories', { name: 'Analytics' }, { token: admin });
    return new ShopDriver(app, admin, customer, category.json<{ categoryId: string }>().categoryId);
  }

  async product(price: number, stock: number): Promise<string> {
    const body = { sku: `an-${randomUUID()}`, name: 'Lantern', description: 'Bright.', price: { amount: price, currency: 'USD' }, categoryId: this.categoryId };
    const created = await call(this.app, 'POST', '/api/v1/products', body, { token: this.admin });
    expect(created.statusCode).toBe(201);
    const productId = created.json<{ productId: string }>().productId;
    expect((await call(this.app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: stock }, { token: this.admin })).statusCode).toBe(200);
    return productId;
  }

  async view(productId: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) expect((await call(this.app, 'POST', '/api/v1/events/product-viewed', { productId })).statusCode).toBe(202);
    this.views += times;
  }

  /** Places the order and drives it to its outcome through the saga (and the customer, for a cancellation). */
  async order(lines: readonly Line[], outcome: Outcome): Promise<PlacedOrder> {
    const items = lines.map(({ productId, quantity }) => ({ productId, quantity }));
    const token = outcome === 'declined' ? 'tok_declined' : 'tok_visa';
    const placed = await call(this.app, 'POST', '/api/v1/orders', { items, shippingAddress: address, payment: { method: 'card', token } }, { token: this.customer });
    expect(placed.statusCode).toBe(202);
    const order = { orderId: placed.json<{ orderId: string }>().orderId, lines, outcome };
    this.orders.push(order);
    if (outcome === 'declined') {
      await this.settles(order.orderId, 'cancelled', 'declined');
      return order;
    }
    await this.settles(order.orderId, 'confirmed', 'captured');
    if (outcome === 'cancelled after confirmation') {
      expect((await call(this.app, 'POST', `/api/v1/orders/${order.orderId}/cancel`, undefined, { token: this.customer })).statusCode).toBe(202);
      await this.settles(order.orderId, 'cancelled', 'refunded');
    }
    return order;
  }

  /** GET as the admin. */
  readonly get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => call(this.app, 'GET', url, undefined, { token: this.admin, headers });

  private async settles(orderId: string, status: string, payment: string): Promise<void> {
    await vi.waitFor(
      async () => {
        const view = (await this.get(`/api/v1/orders/${orderId}`)).json<{ status: string; payment: { status: string } }>();
        expect({ status: view.status, payment: view.payment.status }).toEqual({ status, payment });
      },
      { timeout: 20_000, interval: 50 },
    );
  }
}

/**
 * The position of the store's last event once nothing more is appended (the saga has finished its
 * work), with how many events of each type the store holds by then.
 */
export async function quiescentHistory(store: EventStore): Promise<{ position: bigint; types: Map<string, number> }> {
  let before = await store.readAll();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await store.readAll();
    if (after.length === before.length) {
      const types = new Map<string, number>();
      for (const event of after) types.set(event.type, (types.get(event.type) ?? 0) + 1);
      return { position: after.at(-1)?.position ?? -1n, types };
    }
    before = after;
  }
}
