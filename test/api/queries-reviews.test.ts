import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, describeApi, type Api } from '../support/api.js';
import { call, expectProblem, registerAndLogin, uniqueEmail } from '../support/http.js';

const REVIEW = { rating: 4, title: 'Solid', body: 'Does what it says.' };

interface Page {
  items: { reviewId: string; status?: string; rating: number }[];
  nextCursor: string | null;
}

async function login(api: Api, credentials: { email: string; password: string }): Promise<string> {
  const response = await call(api.app, 'POST', '/api/v1/auth/login', credentials);
  expect(response.statusCode).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

describeApi('review queries', (api) => {
  let admin = '';
  let support = '';
  let categoryId = '';

  const newProduct = async (): Promise<string> => {
    const body = { sku: `sku-${randomUUID()}`, name: 'Kettle', description: 'Boils water.', price: { amount: 2999, currency: 'USD' }, categoryId };
    const response = await call(api().app, 'POST', '/api/v1/products', body, { token: admin });
    expect(response.statusCode).toBe(201);
    return response.json<{ productId: string }>().productId;
  };
  /** A fresh customer's review of the product: its id and the position of its event. */
  const review = async (productId: string, body: typeof REVIEW = REVIEW): Promise<{ reviewId: string; position: string }> => {
    const customer = await registerAndLogin(api().app);
    const response = await call(api().app, 'POST', `/api/v1/products/${productId}/reviews`, body, { token: customer.accessToken });
    expect(response.statusCode).toBe(201);
    return response.json<{ reviewId: string; position: string }>();
  };
  const moderate = async (reviewId: string, decision: 'approve' | 'reject'): Promise<string> => {
    const response = await call(api().app, 'POST', `/api/v1/reviews/${reviewId}/${decision}`, { reason: 'moderated' }, { token: support });
    expect(response.statusCode).toBe(200);
    return response.json<{ position: string }>().position;
  };
  const get = (url: string, options: { token?: string; minPosition?: string } = {}): Promise<LightMyRequestResponse> =>
    call(api().app, 'GET', url, undefined, { ...(options.token === undefined ? {} : { token: options.token }), ...(options.minPosition === undefined ? {} : { headers: { 'x-min-position': options.minPosition } }) });
  /** Every page of a list, two items a page, following nextCursor; the first page waits for `minPosition`. */
  const allPages = async (url: string, token: string, minPosition?: string): Promise<Page['items']> => {
    const items: Page['items'] = [];
    const separator = url.includes('?') ? '&' : '?';
    let response = await get(`${url}${separator}limit=2`, { token, ...(minPosition === undefined ? {} : { minPosition }) });
    for (;;) {
      expect(response.statusCode).toBe(200);
      const page = response.json<Page>();
      items.push(...page.items);
      if (page.nextCursor === null) return items;
      response = await get(`${url}${separator}limit=2&cursor=${page.nextCursor}`, { token });
    }
  };

  beforeAll(async () => {
    admin = await login(api(), ADMIN);
    const category = await call(api().app, 'POST', '/api/v1/categories', { name: 'Kitchen' }, { token: admin });
    categoryId = category.json<{ categoryId: string }>().categoryId;
    const email = uniqueEmail();
    const password = 'correct horse battery';
    const { userId } = await registerAndLogin(api().app, email, password);
    expect((await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['support'] }, { token: admin })).statusCode).toBe(200);
    support = await login(api(), { email, password });
  });

  describe('the moderation queue and the product\'s reviews', () => {
    it('a submitted review waits in the queue; once approved it leaves the queue and shows under its product', async () => {
      const productId = await newProduct();
      const submitted = await review(productId);

      const queue = await get('/api/v1/reviews?status=pending&limit=100', { token: support, minPosition: submitted.position });
      expect(queue.statusCode).toBe(200);
      expect(BigInt(queue.headers['x-projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(submitted.position));
      expect(queue.json<Page>().items).toContainEqual(
        expect.objectContaining({ reviewId: submitted.reviewId, productId, status: 'pending', rating: 4, title: 'Solid', body: 'Does what it says.', verifiedPurchase: false, moderatedAt: null }),
      );
      const hidden = await get(`/api/v1/products/${productId}/reviews`, { minPosition: submitted.position });
      expect(hidden.json()).toEqual({ items: [], nextCursor: null });

      const approved = await moderate(submitted.reviewId, 'approve');
      const pendingAfter = await allPages('/api/v1/reviews', admin, approved);
      expect(pendingAfter.map((item) => item.reviewId)).not.toContain(submitted.reviewId);
      const published = await get(`/api/v1/products/${productId}/reviews`, { minPosition: approved });
      expect(published.statusCode).toBe(200);
      expect(published.headers['x-projection-position']).toMatch(/^\d+$/);
      expect(published.json()).toEqual({
        items: [{ reviewId: submitted.reviewId, productId, rating: 4, title: 'Solid', body: 'Does what it says.', verifiedPurchase: false, submittedAt: expect.stringMatching(/Z$/) as unknown }],
        nextCursor: null,
      });
      const approvedList = await get('/api/v1/reviews?status=approved&limit=100', { token: admin, minPosition: approved });
      expect(approvedList.json<Page>().items).toContainEqual(expect.objectContaining({ reviewId: submitted.reviewId, status: 'approved', reason: 'moderated' }));
    });

    it('a rejected review leaves the queue, is listed as rejected and never shows under its product', async () => {
      const productId = await newProduct();
      const submitted = await review(productId);
      const rejected = await moderate(submitted.reviewId, 'reject');
      const listed = await allPages('/api/v1/reviews?status=rejected', support, rejected);
      expect(listed).toContainEqual(expect.objectContaining({ reviewId: submitted.reviewId, status: 'rejected', reason: 'moderated' }));
      expect((await allPages('/api/v1/reviews', support)).map((item) => item.reviewId)).not.toContain(submitted.reviewId);
      expect((await get(`/api/v1/products/${productId}/reviews`)).json()).toEqual({ items: [], nextCursor: null });
    });

    it('pages through a product\'s approved reviews newest first, and the queue oldest first, each review once', async () => {
      const productId = await newProduct();
      const submitted: { reviewId: string; position: string }[] = [];
      for (const rating of [1, 2, 3, 4, 5]) submitted.push(await review(productId, { ...REVIEW, rating }));
      const last = submitted.at(-1)?.position ?? '0';
      const queued = (await allPages('/api/v1/reviews', admin, last)).map((item) => item.reviewId).filter((id) => submitted.some((s) => s.reviewId === id));
      expect(queued).toEqual(submitted.map((s) => s.reviewId));

      let approvedAt = '0';
      for (const { reviewId } of submitted.slice(0, 4)) approvedAt = await moderate(reviewId, 'approve');
      const first = await get(`/api/v1/products/${productId}/reviews?limit=3`, { minPosition: approvedAt });
      const firstPage = first.json<Page>();
      expect(firstPage.items.map((item) => item.rating)).toEqual([4, 3, 2]);
      expect(firstPage.nextCursor).toEqual(expect.any(String));
      const second = await get(`/api/v1/products/${productId}/reviews?limit=3&cursor=${firstPage.nextCursor ?? ''}`);
      expect(second.json<Page>()).toEqual({ items: [expect.objectContaining({ rating: 1 })], nextCursor: null });
    });

    it('refuses a cursor this list did not make (400) and a bad limit or status (400)', async () => {
      const productId = await newProduct();
      let approvedAt = '0';
      for (const rating of [3, 5]) approvedAt = await moderate((await review(productId, { ...REVIEW, rating })).reviewId, 'approve');
      const queuePage = await get('/api/v1/reviews?status=approved&limit=1', { token: admin, minPosition: approvedAt });
      const queueCursor = queuePage.json<Page>().nextCursor ?? '';
      expect(queueCursor).not.toBe('');
      expectProblem(await get(`/api/v1/products/${productId}/reviews?cursor=${queueCursor}`), 400);
      expectProblem(await get('/api/v1/reviews?status=pending&cursor=' + queueCursor, { token: admin }), 400);
      expectProblem(await get(`/api/v1/products/${productId}/reviews?cursor=not-a-cursor`), 400);
      expectProblem(await get(`/api/v1/products/${productId}/reviews?limit=0`), 400);
      expectProblem(await get(`/api/v1/products/${productId}/reviews?limit=101`), 400);
      expectProblem(await get('/api/v1/products/not-a-uuid/reviews'), 400);
      expectProblem(await get('/api/v1/reviews?status=spam', { token: admin }), 400);
    });

    it('a product without approved reviews, or unknown, has an empty list', async () => {
      expect((await get(`/api/v1/products/${randomUUID()}/reviews`)).json()).toEqual({ items: [], nextCursor: null });
    });
  });

  it('documents both routes in the OpenAPI document', async () => {
    const document = (await get('/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/products/{productId}/reviews'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(document.paths['/api/v1/reviews'] ?? {})).toContain('get');
  });

  describe('who may read', () => {
    it('anyone reads a product\'s reviews; the queue needs a token (401) and admin or support (403 for a customer)', async () => {
      const productId = await newProduct();
      expect((await get(`/api/v1/products/${productId}/reviews`)).statusCode).toBe(200);
      const anonymous = await get('/api/v1/reviews');
      expectProblem(anonymous, 401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expectProblem(await get('/api/v1/reviews', { token: 'not.a.token' }), 401);
      const customer = await registerAndLogin(api().app);
      expectProblem(await get('/api/v1/reviews', { token: customer.accessToken }), 403);
      expect((await get('/api/v1/reviews', { token: support })).statusCode).toBe(200);
      expect((await get('/api/v1/reviews', { token: admin })).statusCode).toBe(200);
    });
  });
});
