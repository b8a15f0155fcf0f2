import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { HttpClient } from './http-client.js';
import type { Catalogue } from './seed.js';

const TokenSchema = z.object({ accessToken: z.string() });
const OrderSchema = z.object({ orderId: z.uuid() });

interface Customer {
  readonly token: string;
  readonly orders: string[];
  readonly reviewed: Set<string>;
}

const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[randomInt(items.length)]);

/** What one storefront visit does, by weight: the shop's mix. */
type Action = (http: HttpClient) => Promise<void>;

/** The storefront's customers and what they do: register, browse, order, cancel, review (and the admin restocks). */
export class Storefront {
  private readonly customers: Customer[] = [];
  readonly counts = { registered: 0, views: 0, ordersPlaced: 0, declinedTokens: 0, cancels: 0, reviews: 0, restocks: 0 };

  constructor(private readonly catalogue: Catalogue) {}

  /** Registers and signs in customers one after the other (before the load: scrypt makes registering the costly visit). */
  async registerCustomers(http: HttpClient, count: number): Promise<void> {
    for (let attempt = 0; attempt < count * 5 && this.customers.length < count; attempt++) await this.register(http);
  }

  /** One visit, chosen by the mix. */
  visit(http: HttpClient): Promise<void> {
    const roll = randomInt(100);
    const action: Action =
      roll < 10
        ? (h) => this.register(h)
        : roll < 40
          ? (h) => this.view(h)
          : roll < 50
            ? (h) => this.browse(h)
            : roll < 80
              ? (h) => this.order(h)
              : roll < 88
                ? (h) => this.cancel(h)
                : roll < 98
                  ? (h) => this.review(h)
                  : (h) => this.restock(h);
    return action(http);
  }

  private async register(http: HttpClient): Promise<void> {
    const email = `chaos-${randomUUID()}@shopverse.test`;
    const password = 'chaos customer password';
    const created = await http.send('POST', '/api/v1/users', { body: { email, password, name: 'Chaos Customer' } });
    if (created.status !== 201) return;
    this.counts.registered++;
    const login = await http.expect(200, TokenSchema, 'POST', '/api/v1/auth/login', { body: { email, password } });
    if (login !== undefined) this.customers.push({ token: login.accessToken, orders: [], reviewed: new Set() });
  }

  private async view(http: HttpClient): Promise<void> {
    const productId = pick(this.catalogue.productIds);
    const customer = randomInt(2) === 0 ? pick(this.customers) : undefined;
    const answer = await http.send('POST', '/api/v1/events/product-viewed', { body: { productId }, ...(customer ? { token: customer.token } : {}) });
    if (answer.status === 202) this.counts.views++;
  }

  private async browse(http: HttpClient): Promise<void> {
    const productId = pick(this.catalogue.productIds) ?? '';
    await http.send('GET', randomInt(2) === 0 ? `/api/v1/products/${productId}` : '/api/v1/products?limit=10');
  }

  private async order(http: HttpClient): Promise<void> {
    const customer = pick(this.customers);
    if (customer === undefined) return;
    const lines = new Map<string, number>();
    const count = 1 + randomInt(5);
    for (let n = 0; n < count; n++) {
      const productId = pick(this.catalogue.productIds) ?? '';
      lines.set(productId, (lines.get(productId) ?? 0) + 1 + randomInt(3));
    }
    const declined = randomInt(5) === 0;
    const body = {
      items: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      shippingAddress: { name: 'Chaos Customer', line1: '1 Fault Street', city: 'Resilience', postalCode: '12345', country: 'DE' },
      payment: { method: 'card', token: declined ? 'tok_declined' : 'tok_visa' },
    };
    const placed = await http.expect(202, OrderSchema, 'POST', '/api/v1/orders', { body, token: customer.token });
    if (placed === undefined) return;
    this.counts.ordersPlaced++;
    if (declined) this.counts.declinedTokens++;
    customer.orders.push(placed.orderId);
  }

  private async cancel(http: HttpClient): Promise<void> {
    const customer = pick(this.customers.filter((c) => c.orders.length > 0));
    const orderId = customer === undefined ? undefined : pick(customer.orders);
    if (customer === undefined || orderId === undefined) return;
    const answer = await http.send('POST', `/api/v1/orders/${orderId}/cancel`, { body: {}, token: customer.token });
    if (answer.status === 202) this.counts.cancels++;
  }

  private async review(http: HttpClient): Promise<void> {
    const customer = pick(this.customers);
    const productId = pick(this.catalogue.productIds);
    if (customer === undefined || productId === undefined || customer.reviewed.has(productId)) return;
    customer.reviewed.add(productId);
    const answer = await http.send('POST', `/api/v1/products/${productId}/reviews`, { body: { rating: 1 + randomInt(5), title: 'Under chaos', body: 'It arrived, eventually.' }, token: customer.token });
    if (answer.status === 201) this.counts.reviews++;
  }

  private async restock(http: HttpClient): Promise<void> {
    const productId = pick(this.catalogue.productIds) ?? '';
    const answer = await http.send('POST', `/api/v1/inventory/${productId}/restock`, { body: { quantity: 10 + randomInt(20) }, token: this.catalogue.adminToken });
    if (answer.status === 200) this.counts.restocks++;
  }
}
