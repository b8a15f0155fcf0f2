import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LoadStep } from './load-protocol.js';

const OrderPlacedAnswer = z.object({ orderId: z.string() });

export interface MixRequest {
  /** `command` or `query`: their latencies are reported apart. */
  readonly kind: 'command' | 'query';
  /** A short name for the per-request figures, e.g. `place order`. */
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** 4xx statuses that are a normal answer for this request (counted apart, not as errors). */
  readonly expected: readonly number[];
  /** Called with the answer's body when it succeeded (e.g. to remember an order id). */
  readonly onSuccess?: (body: string) => void;
}

/** Share of each request in the mix (sums to 100). */
export const MIX_WEIGHTS = {
  'list products': 24,
  'search products': 14,
  'product detail': 22,
  'product viewed': 18,
  'register': 0.5,
  'place order': 12,
  'cancel order': 2,
  'write review': 4,
  'order status': 3.5,
} as const;
type MixName = keyof typeof MIX_WEIGHTS;

const SORTS = ['newest', 'price_asc', 'price_desc', 'rating'] as const;
const DECLINED_SHARE = 0.1;
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
};

/** A storefront's traffic: browsing and search, views, sign-ups, orders (some declined), cancellations, reviews. */
export class StorefrontMix {
  private readonly names = Object.keys(MIX_WEIGHTS) as MixName[];
  private readonly total = Object.values(MIX_WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  /** Orders this process placed, with their owner's token, for cancellations and status reads. */
  private readonly orders: { orderId: string; token: string }[] = [];
  ordersPlaced = 0;

  constructor(private readonly step: LoadStep) {}

  next(): MixRequest {
    let roll = Math.random() * this.total;
    for (const name of this.names) {
      roll -= MIX_WEIGHTS[name];
      if (roll < 0) return this.build(name);
    }
    return this.build('list products');
  }

  private json(token?: string): Record<string, string> {
    return { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
  }

  private build(name: MixName): MixRequest {
    const step = this.step;
    switch (name) {
      case 'list products': {
        const category = Math.random() < 0.5 ? `&categoryId=${pick(step.categoryIds)}` : '';
        return { kind: 'query', name, method: 'GET', path: `/api/v1/products?limit=20&sort=${pick(SORTS)}${category}`, headers: {}, expected: [] };
      }
      case 'search products':
        return { kind: 'query', name, method: 'GET', path: `/api/v1/products?q=${encodeURIComponent(pick(step.searchWords))}&limit=20`, headers: {}, expected: [] };
      case 'product detail':
        return { kind: 'query', name, method: 'GET', path: `/api/v1/products/${pick(step.productIds)}`, headers: {}, expected: [] };
      case 'product viewed': {
        const customer = Math.random() < 0.5 ? pick(step.customers).token : undefined;
        const body = JSON.stringify({ productId: pick(step.productIds), sessionId: `bench-${Math.floor(Math.random() * 5_000)}` });
        return { kind: 'command', name, method: 'POST', path: '/api/v1/events/product-viewed', headers: this.json(customer), body, expected: [] };
      }
      case 'register': {
        const body = JSON.stringify({ email: `load-${randomUUID()}@shopverse.test`, password: 'benchmark password', name: 'Load Customer' });
        return { kind: 'command', name, method: 'POST', path: '/api/v1/users', headers: this.json(), body, expected: [] };
      }
      case 'place order':
        return this.placeOrder();
      case 'cancel order': {
        const order = this.orders.length === 0 ? undefined : this.orders[Math.floor(Math.random() * this.orders.length)];
        if (order === undefined) return this.placeOrder();
        // 409 once it was cancelled or rejected already; 404 while the order's stream is not there yet cannot happen (placed = appended).
        return { kind: 'command', name, method: 'POST', path: `/api/v1/orders/${order.orderId}/cancel`, headers: this.json(order.token), body: '{}', expected: [409] };
      }
      case 'write review': {
        const body = JSON.stringify({ rating: 1 + Math.floor(Math.random() * 5), title: 'Load review', body: 'Written by the system benchmark.' });
        // One review per customer and product: a repeat is a 409.
        return { kind: 'command', name, method: 'POST', path: `/api/v1/products/${pick(step.productIds)}/reviews`, headers: this.json(pick(step.customers).token), body, expected: [409] };
      }
      case 'order status': {
        const order = this.orders.length === 0 ? undefined : this.orders[Math.floor(Math.random() * this.orders.length)];
        if (order === undefined) return this.build('product detail');
        // 404 until the orders read model has the order (no X-Min-Position: a storefront polling).
        return { kind: 'query', name, method: 'GET', path: `/api/v1/orders/${order.orderId}`, headers: this.json(order.token), expected: [404] };
      }
    }
  }

  private placeOrder(): MixRequest {
    const step = this.step;
    const customer = pick(step.customers);
    const lines = 1 + Math.floor(Math.random() * 5);
    const products = [...new Set(Array.from({ length: lines }, () => pick(step.productIds)))];
    const body = JSON.stringify({
      items: products.map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 3) })),
      shippingAddress: { name: 'Load Customer', line1: '1 Load Street', city: 'Testville', postalCode: '12345', country: 'GB' },
      payment: { method: 'card', token: Math.random() < DECLINED_SHARE ? 'tok_declined' : 'tok_visa' },
    });
    return {
      kind: 'command',
      name: 'place order',
      method: 'POST',
      path: '/api/v1/orders',
      headers: this.json(customer.token),
      body,
      expected: [],
      onSuccess: (answer) => {
        const parsed = OrderPlacedAnswer.safeParse(JSON.parse(answer));
        if (!parsed.success) return;
        this.ordersPlaced++;
        this.orders.push({ orderId: parsed.data.orderId, token: customer.token });
        if (this.orders.length > 5_000) this.orders.splice(0, 1_000);
      },
    };
  }
}
