import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const TokenAnswer = z.object({ accessToken: z.string() });
const CategoryAnswer = z.object({ categoryId: z.string() });
const ProductAnswer = z.object({ productId: z.string() });
const UserAnswer = z.object({ userId: z.string() });

const CATEGORIES = ['Tents', 'Backpacks', 'Clothing', 'Footwear', 'Cooking', 'Lighting', 'Sleeping', 'Navigation', 'Accessories', 'Climbing', 'Water Sports', 'Winter'];
const ADJECTIVES = ['Alpine', 'Rugged', 'Compact', 'Ultralight', 'Classic', 'Trail', 'Summit', 'Coastal', 'Urban', 'Nordic', 'Desert', 'Storm', 'Polar', 'Forest', 'Canyon', 'Glacier'];
const NOUNS = ['Tent', 'Backpack', 'Jacket', 'Boots', 'Stove', 'Lantern', 'Hammock', 'Gloves', 'Beanie', 'Compass', 'Mug', 'Headlamp'];
const QUALITIES = ['waterproof', 'breathable', 'durable', 'lightweight', 'packable', 'insulated', 'windproof', 'reflective'];
/** What shoppers type: words of the catalogue, and a few with typos. */
export const SEARCH_WORDS = [...ADJECTIVES, ...NOUNS, ...QUALITIES, 'ultralite', 'jackt', 'waterprof', 'alpine tent', 'nordic boots'];
const PASSWORD = 'benchmark password';
const STOCK = 10_000_000;

export interface SeededShop {
  readonly categoryIds: string[];
  readonly productIds: string[];
  readonly customers: { userId: string; email: string; token: string }[];
}

async function call<T>(origin: string, schema: z.ZodType<T>, method: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return schema.parse(text === '' ? {} : JSON.parse(text));
}

/** Runs `work` over `items`, `parallel` at a time. */
async function inParallel<T, R>(items: readonly T[], parallel: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += parallel) results.push(...(await Promise.all(items.slice(start, start + parallel).map((item, offset) => work(item, start + offset)))));
  return results;
}

export async function login(origin: string, email: string): Promise<string> {
  return (await call(origin, TokenAnswer, 'POST', '/api/v1/auth/login', { email, password: PASSWORD })).accessToken;
}

/** An admin creates the categories and products and restocks them plenty; customers register and sign in. */
export async function seedShop(origin: string, admin: { email: string; password: string }, sizes: { products: number; customers: number }): Promise<SeededShop> {
  const { accessToken: adminToken } = await call(origin, TokenAnswer, 'POST', '/api/v1/auth/login', admin);
  const categoryIds = await inParallel(CATEGORIES, 4, async (name) => (await call(origin, CategoryAnswer, 'POST', '/api/v1/categories', { name }, adminToken)).categoryId);
  const productIds = await inParallel(Array.from({ length: sizes.products }, (_, n) => n), 16, async (n) => {
    const name = `${ADJECTIVES[n % ADJECTIVES.length] ?? ''} ${NOUNS[Math.floor(n / ADJECTIVES.length) % NOUNS.length] ?? ''} ${n}`;
    const body = {
      sku: `SYS-${n}-${randomUUID().slice(0, 8)}`,
      name,
      description: `A ${QUALITIES[n % QUALITIES.length] ?? ''} and ${QUALITIES[(n * 7) % QUALITIES.length] ?? ''} piece of kit.`,
      price: { amount: 999 + ((n * 1_337) % 30_000), currency: 'USD' },
      categoryId: categoryIds[n % categoryIds.length] ?? '',
    };
    const { productId } = await call(origin, ProductAnswer, 'POST', '/api/v1/products', body, adminToken);
    await call(origin, z.unknown(), 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: STOCK }, adminToken);
    return productId;
  });
  const customers = await inParallel(Array.from({ length: sizes.customers }, (_, n) => n), 8, async (n) => {
    const email = `system-${n}-${randomUUID().slice(0, 8)}@shopverse.test`;
    const { userId } = await call(origin, UserAnswer, 'POST', '/api/v1/users', { email, password: PASSWORD, name: `Customer ${n}` });
    return { userId, email, token: await login(origin, email) };
  });
  return { categoryIds, productIds, customers };
}
