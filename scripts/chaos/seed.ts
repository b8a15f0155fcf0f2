import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ADMIN } from './environment.js';
import type { HttpClient } from './http-client.js';
import { sleep } from './log.js';

const TokenSchema = z.object({ accessToken: z.string() });
const CategorySchema = z.object({ categoryId: z.uuid() });
const ProductSchema = z.object({ productId: z.uuid() });

export interface Catalogue {
  readonly adminToken: string;
  readonly productIds: readonly string[];
}

async function must<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`seeding: ${what} kept failing`);
    await sleep(500);
  }
}

/** The admin's token, a category and the products with their initial stock. */
export async function seedCatalogue(http: HttpClient, products: number, stockEach: number): Promise<Catalogue> {
  const { accessToken: adminToken } = await must('admin login', () => http.expect(200, TokenSchema, 'POST', '/api/v1/auth/login', { body: ADMIN }));
  const { categoryId } = await must('category', () => http.expect(201, CategorySchema, 'POST', '/api/v1/categories', { body: { name: 'Chaos' }, token: adminToken }));
  const productIds: string[] = [];
  for (let n = 0; n < products; n++) {
    const body = { sku: `CHAOS-${n}-${randomUUID().slice(0, 8)}`, name: `Chaos product ${n}`, description: 'sold under faults', price: { amount: 500 + n * 100, currency: 'USD' }, categoryId };
    const { productId } = await must('product', () => http.expect(201, ProductSchema, 'POST', '/api/v1/products', { body, token: adminToken }));
    await must('restock', () => http.expect(200, z.unknown(), 'POST', `/api/v1/inventory/${productId}/restock`, { body: { quantity: stockEach }, token: adminToken }));
    productIds.push(productId);
  }
  return { adminToken, productIds };
}
