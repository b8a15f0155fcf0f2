import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { readModelProjections } from '../../projections/read-models.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, registerAndLogin } from '../support/http.js';

/** Every row of every read-model table, in a stable order: what "equal read models" means. */
async function snapshot(db: SqlExecutor): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of readModelProjections.flatMap((projection) => projection.tables)) {
    const { rows } = await db.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`);
    tables[table] = rows.map((row) => String(row.row));
  }
  return tables;
}

describeApi('read model rebuilds', (api) => {
  it('rebuild every read model from the history: equal to the live ones, while queries keep answering', async () => {
    const { app, store, db } = api();
    const admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const customer = await registerAndLogin(app);
    const parent = (await call(app, 'POST', '/api/v1/categories', { name: 'Outdoor' }, { token: admin })).json<{ categoryId: string }>();
    const child = (await call(app, 'POST', '/api/v1/categories', { name: 'Tents', parentId: parent.categoryId }, { token: admin })).json<{ categoryId: string }>();
    const products: string[] = [];
    for (let n = 0; n < 12; n++) {
      const body = { sku: `tent-${randomUUID()}`, name: `Tent ${n}`, description: `Sleeps ${n % 4 + 1}`, price: { amount: 10_000 + n * 500, currency: 'EUR' }, categoryId: n % 2 === 0 ? child.categoryId : parent.categoryId };
      const productId = (await call(app, 'POST', '/api/v1/products', body, { token: admin })).json<{ productId: string }>().productId;
      products.push(productId);
      await call(app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: 5 + n }, { token: admin });
    }
    await call(app, 'PATCH', `/api/v1/products/${products[0] ?? ''}`, { price: { amount: 9_900, currency: 'EUR' } }, { token: admin });
    await call(app, 'POST', `/api/v1/products/${products[1] ?? ''}/discontinue`, undefined, { token: admin });
    const order = await call(app, 'POST', '/api/v1/orders', {
      items: [{ productId: products[2], quantity: 2 }, { productId: products[3], quantity: 1 }],
      shippingAddress: { name: 'Ada', line1: '1 Trail', city: 'Bergen', postalCode: '5003', country: 'NO' },
      payment: { method: 'card', token: 'tok_visa' },
    }, { token: customer.accessToken });
    expect(order.statusCode).toBe(202);
    const review = await call(app, 'POST', `/api/v1/products/${products[2] ?? ''}/reviews`, { rating: 4, title: 'Dry', body: 'Kept us dry.' }, { token: customer.accessToken });
    const last = await call(app, 'POST', `/api/v1/reviews/${review.json<{ reviewId: string }>().reviewId}/approve`, {}, { token: admin });
    const position = last.json<{ position: string }>().position;
    // Every read model has the last command's effect once these answer.
    expect((await call(app, 'GET', `/api/v1/products/${products[2] ?? ''}`, undefined, { headers: { 'x-min-position': position } })).statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/v1/orders`, undefined, { token: customer.accessToken, headers: { 'x-min-position': position } })).statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/v1/users/${customer.userId}`, undefined, { token: admin, headers: { 'x-min-position': position } })).statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/v1/inventory/${products[2] ?? ''}`, undefined, { token: admin, headers: { 'x-min-position': position } })).statusCode).toBe(200);
    const live = await snapshot(db);
    for (const table of ['catalog_categories', 'catalog_products', 'inventory_levels', 'orders', 'reviews', 'product_ratings', 'users']) expect(live[table], table).not.toEqual([]);

    const rebuild = { running: true };
    const answers: number[] = [];
    const querying = (async () => {
      while (rebuild.running) answers.push((await call(app, 'GET', `/api/v1/products?categoryId=${parent.categoryId}&sort=price_asc`)).statusCode);
    })();
    try {
      await rebuildProjections(db, store, readModelProjections, { batchSize: 7 });
    } finally {
      rebuild.running = false;
      await querying;
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(await snapshot(db)).toEqual(live);
    const listed = await call(app, 'GET', `/api/v1/products?categoryId=${parent.categoryId}&limit=100`);
    expect(listed.json<{ items: unknown[] }>().items).toHaveLength(12);
  });
},
// Orders stay pending without the saga, so nothing changes the read models while they are compared.
{ ROLES: 'api,projections' });
