import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RecommendationKeys } from '../../projections/recommendations/keys.js';
import { RecommendationWriter } from '../../projections/recommendations/redis-writer.js';
import { describeApi } from '../support/api.js';
import { call, expectProblem } from '../support/http.js';
import { freshKeyPrefix } from '../recommendations/support/fixture.js';
import { dropKeys, dumpKeys } from '../recommendations/support/redis-dump.js';
import { TestShop, type Customer, type RecommendationsAnswer } from '../recommendations/support/shop.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await dropKeys(redis, prefix);
  redis.disconnect();
});

const ids = (answer: RecommendationsAnswer): string[] => answer.items.map((item) => item.productId);

describeApi(
  'recommendations from Redis',
  (api) => {
    let shop: TestShop;
    let tents = '';
    let stoves = '';
    const products: Record<'A' | 'B' | 'C' | 'X' | 'P' | 'Q', string> = { A: '', B: '', C: '', X: '', P: '', Q: '' };
    let buyerOfA: Customer;

    /** Polls until the answer satisfies the check (the projection follows the events on its own). */
    const eventually = <T>(read: () => Promise<T>, check: (value: T) => void): Promise<T> =>
      vi.waitFor(
        async () => {
          const value = await read();
          check(value);
          return value;
        },
        { timeout: 20_000, interval: 100 },
      );

    beforeAll(async () => {
      shop = await TestShop.open(api().app);
      [tents, stoves] = [await shop.category('Tents'), await shop.category('Stoves')];
      products.A = await shop.product(tents, { colour: 'red', season: 3 });
      products.B = await shop.product(tents);
      products.C = await shop.product(stoves);
      products.X = await shop.product(tents, { colour: 'red', season: 3 });
      products.P = await shop.product(stoves);
      products.Q = await shop.product(stoves);
      // A bought with B three times, with C once.
      for (const basket of [[products.A, products.B], [products.A, products.B], [products.A, products.B], [products.A, products.C]]) await shop.buy(await shop.customer(), basket);
      buyerOfA = await shop.customer();
      await shop.buy(buyerOfA, [products.A]);
    });

    it('names B first for a customer who bought A, and among the products related to A, as bought together', async () => {
      const mine = await eventually(
        () => shop.recommendationsFor(buyerOfA),
        (answer) => expect(answer.items.slice(0, 2)).toEqual([
          { productId: products.B, score: 3, reason: 'co_purchase' },
          { productId: products.C, score: 1, reason: 'co_purchase' },
        ]),
      );
      expect(ids(mine)).not.toContain(products.A);
      // Then what resembles A (its category, its attributes: X first), then popular products.
      expect(mine.items[2]).toMatchObject({ productId: products.X, reason: 'content' });
      const related = await shop.relatedTo(products.A);
      expect(related.items.slice(0, 2)).toEqual([
        { productId: products.B, score: 3, reason: 'co_purchase' },
        { productId: products.C, score: 1, reason: 'co_purchase' },
      ]);
      expect(ids(related)).not.toContain(products.A);
      expect((await shop.recommendationsFor(buyerOfA, 1)).items).toHaveLength(1);
    });

    it('relates products viewed in the same browsing sessions, once per session', async () => {
      for (const sessionId of [`web-${randomUUID()}`, `web-${randomUUID()}`]) {
        for (const product of [products.P, products.Q, products.P]) await shop.view(product, sessionId);
      }
      const related = await eventually(
        () => shop.relatedTo(products.P),
        (answer) => expect(answer.items[0]).toEqual({ productId: products.Q, score: 0.6, reason: 'co_view' }),
      );
      expect(ids(related)).not.toContain(products.P);
    });

    it('never recommends a product once bought, nor once discontinued, even from a cached list', async () => {
      const cached = await shop.recommendationsFor(buyerOfA);
      expect(ids(cached)).toContain(products.B);
      const position = await shop.discontinue(products.B);
      const afterDiscontinued = await call(api().app, 'GET', '/api/v1/recommendations', undefined, { token: buyerOfA.accessToken, headers: { 'x-min-position': position } });
      expect(afterDiscontinued.statusCode).toBe(200);
      expect(ids(afterDiscontinued.json<RecommendationsAnswer>())).not.toContain(products.B);
      const related = await call(api().app, 'GET', `/api/v1/products/${products.A}/related`, undefined, { headers: { 'x-min-position': position } });
      expect(ids(related.json<RecommendationsAnswer>())).not.toContain(products.B);

      await shop.buy(buyerOfA, [products.C]);
      const afterBuying = await eventually(
        () => shop.recommendationsFor(buyerOfA),
        (answer) => expect(ids(answer)).not.toContain(products.C),
      );
      expect(ids(afterBuying)).not.toContain(products.A);
    });

    it('gives a customer without history popular products, and one who looked at a product similar ones', async () => {
      const newcomer = await shop.customer();
      const cold = await shop.recommendationsFor(newcomer);
      expect(cold.items.length).toBeGreaterThan(0);
      expect(new Set(cold.items.map((item) => item.reason))).toEqual(new Set(['popular']));
      expect(cold.items[0]).toMatchObject({ productId: products.A, reason: 'popular' });

      const browser = await shop.customer();
      await shop.view(products.X, `web-${randomUUID()}`, browser);
      const warm = await eventually(
        () => shop.recommendationsFor(browser),
        (answer) => expect(answer.items[0]).toMatchObject({ reason: 'content' }),
      );
      // X itself was only looked at: the products like it are A (same category and attributes), then the other tents.
      expect(warm.items[0]?.productId).toBe(products.A);
      expect(new Set(warm.items.map((item) => item.reason))).toEqual(new Set(['content', 'popular']));
      expect(ids(warm)).not.toContain(products.B);
    });

    it('answers 401 without a token, 400 for a bad limit or id, 404 (problem+json) for an unknown product', async () => {
      expectProblem(await call(api().app, 'GET', '/api/v1/recommendations'), 401);
      expectProblem(await call(api().app, 'GET', '/api/v1/recommendations?limit=0', undefined, { token: buyerOfA.accessToken }), 400);
      expectProblem(await call(api().app, 'GET', '/api/v1/recommendations?limit=51', undefined, { token: buyerOfA.accessToken }), 400);
      expectProblem(await call(api().app, 'GET', `/api/v1/products/${products.A}/related?limit=x`), 400);
      expectProblem(await call(api().app, 'GET', '/api/v1/products/nope/related'), 400);
      expectProblem(await call(api().app, 'GET', `/api/v1/products/${randomUUID()}/related`), 404);
    });

    it('keeps every score when all events are applied once more', async () => {
      const prefix = prefixes.at(-1) ?? '';
      // The checkpoint follows the live system (any event moves it); the caches are no scores.
      const skip = ['cache:', 'checkpoint'];
      const before = await dumpKeys(redis, prefix, { skip });
      await new RecommendationWriter(redis, new RecommendationKeys(prefix)).apply(await api().store.readAll());
      expect(await dumpKeys(redis, prefix, { skip })).toEqual(before);
      expect(Object.keys(before).filter((key) => key.startsWith('copurchase:'))).toHaveLength(3);
    });
  },
  () => {
    const prefix = freshKeyPrefix();
    prefixes.push(prefix);
    return { REDIS_URL, RECOMMENDATIONS_KEY_PREFIX: prefix };
  },
);
