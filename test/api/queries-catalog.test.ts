import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, describeApi } from '../support/api.js';
import { call, expectProblem, registerAndLogin } from '../support/http.js';

interface ProductItem {
  readonly productId: string;
  readonly name: string;
  readonly price: { readonly amount: number; readonly currency: string };
  readonly status: string;
}
interface ProductPage {
  readonly items: readonly ProductItem[];
  readonly nextCursor: string | null;
}
interface CategoryNode {
  readonly categoryId: string;
  readonly name: string;
  readonly children: readonly CategoryNode[];
}

const positionOf = (response: LightMyRequestResponse): string => response.json<{ position: string }>().position;

describeApi('catalogue queries', (api) => {
  let admin = '';
  let customer = '';

  const command = async (method: 'POST' | 'PATCH', url: string, body: unknown, token = admin): Promise<LightMyRequestResponse> => {
    const response = await call(api().app, method, url, body, { token });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response;
  };
  const newCategory = async (name: string, parentId?: string): Promise<{ categoryId: string; position: string }> =>
    (await command('POST', '/api/v1/categories', { name, ...(parentId === undefined ? {} : { parentId }) })).json();
  const newProduct = async (categoryId: string, overrides: Record<string, unknown> = {}): Promise<{ productId: string; position: string }> =>
    (
      await command('POST', '/api/v1/products', {
        sku: `sku-${randomUUID()}`,
        name: 'Desk lamp',
        description: 'Warm light for reading.',
        price: { amount: 2500, currency: 'EUR' },
        categoryId,
        attributes: { colour: 'brass' },
        ...overrides,
      })
    ).json();
  /** A GET that waits until the read models have the command's position, as a client after a command does. */
  const get = (url: string, minPosition?: string) => call(api().app, 'GET', url, undefined, minPosition === undefined ? {} : { headers: { 'x-min-position': minPosition } });
  const products = async (query: string, minPosition?: string): Promise<ProductPage> => {
    const response = await get(`/api/v1/products?${query}`, minPosition);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ProductPage>();
  };
  const namesOf = (page: ProductPage): string[] => page.items.map((item) => item.name);

  beforeAll(async () => {
    admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    customer = (await registerAndLogin(api().app)).accessToken;
  });

  describe('GET /api/v1/categories', () => {
    it('answers the tree, three levels deep, on the first GET after the commands, with X-Projection-Position', async () => {
      const root = await newCategory(`Home ${randomUUID()}`);
      const kitchen = await newCategory('Kitchen', root.categoryId);
      const garden = await newCategory('Garden', root.categoryId);
      const knives = await newCategory('Knives', kitchen.categoryId);

      const response = await get('/api/v1/categories', knives.position);
      expect(response.statusCode).toBe(200);
      expect(BigInt(response.headers['x-projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(knives.position));
      const tree = response.json<CategoryNode[]>();
      expect(tree.find((node) => node.categoryId === root.categoryId)?.children).toEqual([
        { categoryId: garden.categoryId, name: 'Garden', children: [] },
        { categoryId: kitchen.categoryId, name: 'Kitchen', children: [{ categoryId: knives.categoryId, name: 'Knives', children: [] }] },
      ]);
      expect(tree.some((node) => node.categoryId === kitchen.categoryId)).toBe(false);
    });
  });

  describe('GET /api/v1/products/{id}', () => {
    it('shows a new product, then its changes, stock, approved rating and discontinuation, each on the first GET', async () => {
      const { categoryId } = await newCategory(`Lighting ${randomUUID()}`);
      const { productId, position } = await newProduct(categoryId);
      const created = await get(`/api/v1/products/${productId}`, position);
      expect(created.statusCode).toBe(200);
      expect(created.headers['x-projection-position']).toMatch(/^\d+$/);
      const body = created.json<{ sku: string }>();
      expect(body).toEqual({
        productId,
        sku: body.sku,
        name: 'Desk lamp',
        description: 'Warm light for reading.',
        price: { amount: 2500, currency: 'EUR' },
        categoryId,
        attributes: { colour: 'brass' },
        status: 'active',
        rating: { average: 0, count: 0 },
        availability: { available: 0 },
      });

      const changed = await command('PATCH', `/api/v1/products/${productId}`, { name: 'Brass desk lamp', price: { amount: 2200, currency: 'EUR' } });
      expect((await get(`/api/v1/products/${productId}`, positionOf(changed))).json()).toMatchObject({ name: 'Brass desk lamp', price: { amount: 2200, currency: 'EUR' } });

      const restocked = await command('POST', `/api/v1/inventory/${productId}/restock`, { quantity: 8 });
      const reviewed = await command('POST', `/api/v1/products/${productId}/reviews`, { rating: 4, title: 'Nice', body: 'Bright enough.' }, customer);
      const otherCustomer = (await registerAndLogin(api().app)).accessToken;
      await command('POST', `/api/v1/products/${productId}/reviews`, { rating: 1, title: 'Meh', body: 'Not approved.' }, otherCustomer);
      const approved = await command('POST', `/api/v1/reviews/${reviewed.json<{ reviewId: string }>().reviewId}/approve`, {});
      const later = BigInt(positionOf(approved)) > BigInt(positionOf(restocked)) ? positionOf(approved) : positionOf(restocked);
      expect((await get(`/api/v1/products/${productId}`, later)).json()).toMatchObject({ rating: { average: 4, count: 1 }, availability: { available: 8 } });

      const discontinued = await command('POST', `/api/v1/products/${productId}/discontinue`, undefined);
      expect((await get(`/api/v1/products/${productId}`, positionOf(discontinued))).json()).toMatchObject({ status: 'discontinued' });
    });

    it('answers 404 for an unknown product and 400 for an id that is not one', async () => {
      const unknown = await get(`/api/v1/products/${randomUUID()}`);
      expectProblem(unknown, 404);
      expectProblem(await get('/api/v1/products/not-a-uuid'), 400);
    });
  });

  describe('GET /api/v1/products', () => {
    let rootId = '';
    let latest = '';

    beforeAll(async () => {
      // Gadgets > Phones > Smartphones, and Cables beside Phones.
      rootId = (await newCategory(`Gadgets ${randomUUID()}`)).categoryId;
      const phonesId = (await newCategory('Phones', rootId)).categoryId;
      const smartphonesId = (await newCategory('Smartphones', phonesId)).categoryId;
      const cablesId = (await newCategory('Cables', rootId)).categoryId;
      await newProduct(smartphonesId, { name: 'iPhone 15', description: 'Apple smartphone.', price: { amount: 79_900, currency: 'EUR' } });
      await newProduct(smartphonesId, { name: 'Pixel 9', description: 'Google smartphone.', price: { amount: 69_900, currency: 'EUR' } });
      await newProduct(phonesId, { name: 'Desk phone', description: 'Corded, for the office.', price: { amount: 4_900, currency: 'EUR' } });
      latest = (await newProduct(cablesId, { name: 'USB-C cable', description: 'Charges an iPhone 15 or a Pixel.', price: { amount: 1_500, currency: 'EUR' } })).position;
    });

    it('finds "iPhone 15" for the misspelt "iphnoe", name matches first, on the first GET after the commands', async () => {
      const page = await products(`q=iphnoe&categoryId=${rootId}`, latest);
      expect(namesOf(page)).toEqual(['iPhone 15', 'USB-C cable']);
      expect(page.nextCursor).toBeNull();
    });

    it('answers items shaped as the product view', async () => {
      const [item] = (await products(`q=pixel&categoryId=${rootId}&limit=1`, latest)).items;
      expect(item).toEqual({
        productId: expect.any(String) as unknown,
        sku: expect.any(String) as unknown,
        name: 'Pixel 9',
        description: 'Google smartphone.',
        price: { amount: 69_900, currency: 'EUR' },
        categoryId: expect.any(String) as unknown,
        attributes: { colour: 'brass' },
        status: 'active',
        rating: { average: 0, count: 0 },
        availability: { available: 0 },
      });
      expect((await get(`/api/v1/products/${item?.productId ?? ''}`)).json()).toEqual(item);
    });

    it('includes sub-categories, filters by price and sorts by price both ways', async () => {
      expect(namesOf(await products(`categoryId=${rootId}&sort=price_asc`, latest))).toEqual(['USB-C cable', 'Desk phone', 'Pixel 9', 'iPhone 15']);
      expect(namesOf(await products(`categoryId=${rootId}&sort=price_desc&minPrice=4900&maxPrice=69900`))).toEqual(['Pixel 9', 'Desk phone']);
      expect(namesOf(await products(`categoryId=${rootId}&q=smartphone&sort=price_asc`))).toEqual(['Pixel 9', 'iPhone 15']);
      expect(namesOf(await products(`categoryId=${rootId}&q=${encodeURIComponent(' Apple  smartphone ')}`))).toEqual(['iPhone 15']);
      expect(namesOf(await products(`categoryId=${rootId}`))).toEqual(['USB-C cable', 'Desk phone', 'Pixel 9', 'iPhone 15']);
    });

    it('pages with an opaque cursor, never repeating or skipping a product while others are added', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ProductPage = await products(`categoryId=${rootId}&sort=price_asc&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...namesOf(page));
        cursor = page.nextCursor;
        await newProduct(rootId, { name: `Cheap sticker ${seen.length}`, price: { amount: 100, currency: 'EUR' } });
      } while (cursor !== null);
      expect(seen).toEqual(['USB-C cable', 'Desk phone', 'Pixel 9', 'iPhone 15']);
    });

    it('is public: no token needed', async () => {
      const response = await call(api().app, 'GET', `/api/v1/products?categoryId=${rootId}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-projection-position']).toMatch(/^\d+$/);
    });

    it('answers 400 for a bad cursor or bad query parameters', async () => {
      const { nextCursor } = await products(`categoryId=${rootId}&sort=price_asc&limit=1`);
      for (const query of [
        'limit=0',
        'limit=101',
        'sort=bogus',
        'cursor=not-a-cursor',
        `sort=price_desc&cursor=${nextCursor ?? ''}`,
        'minPrice=-1',
        'minPrice=10&maxPrice=5',
        'maxPrice=cheap',
        'categoryId=not-a-uuid',
        `q=${encodeURIComponent('word '.repeat(11))}`,
      ]) {
        const response = await get(`/api/v1/products?${query}`);
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
        expectProblem(response, 400);
      }
    });
  });

  it('documents the query routes in the OpenAPI document', async () => {
    const response = await get('/docs/json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/categories', '/api/v1/products', '/api/v1/products/{id}']));
  });
});
