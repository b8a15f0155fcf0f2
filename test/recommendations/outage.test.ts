import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RecommendationKeys } from '../../projections/recommendations/keys.js';
import { RecommendationWriter } from '../../projections/recommendations/redis-writer.js';
import { describeApi } from '../support/api.js';
import { freshKeyPrefix } from './support/fixture.js';
import { PrivateRedis } from './support/private-redis.js';
import { dumpKeys } from './support/redis-dump.js';
import { TestShop, type Customer, type RecommendationsAnswer } from './support/shop.js';

let redis: PrivateRedis;
let client: Redis;
let prefix = '';

beforeAll(async () => {
  redis = await PrivateRedis.start();
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  // The test's own view of Redis waits out the outages it causes; ioredis would print each failed reconnection.
  client.on('error', () => undefined);
});
afterAll(async () => {
  client.disconnect();
  await redis.destroy();
});

const FALLBACK_REASONS = new Set(['content', 'popular']);
/** Caches and the checkpoint are no scores; everything else must match a fresh projection's. */
const SKIP = ['cache:', 'checkpoint'];

describeApi(
  'recommendations while their Redis freezes, stops and comes back',
  (api) => {
    let shop: TestShop;
    const products: Record<'A' | 'B' | 'C' | 'P' | 'Q', string> = { A: '', B: '', C: '', P: '', Q: '' };
    let buyer: Customer;

    beforeAll(async () => {
      shop = await TestShop.open(api().app);
      const category = await shop.category();
      for (const name of ['A', 'B', 'C', 'P', 'Q'] as const) products[name] = await shop.product(category);
      for (let n = 0; n < 2; n++) await shop.buy(await shop.customer(), [products.A, products.B]);
      buyer = await shop.customer();
      await shop.buy(buyer, [products.A]);
    });

    /** Both routes answer, fast, without what they must never show, and with the reasons expected. */
    const expectAnswers = async (expected: (answer: RecommendationsAnswer) => void): Promise<void> => {
      const started = Date.now();
      const [mine, related] = [await shop.recommendationsFor(buyer), await shop.relatedTo(products.A)];
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(mine.items.map((item) => item.productId)).not.toContain(products.A);
      expect(related.items.map((item) => item.productId)).not.toContain(products.A);
      expected(mine);
      expected(related);
    };
    const fromPostgres = (answer: RecommendationsAnswer): void => {
      expect(answer.items.length).toBeGreaterThan(0);
      for (const item of answer.items) expect(FALLBACK_REASONS).toContain(item.reason);
    };
    const firstIs = (productId: string, score: number) => (answer: RecommendationsAnswer) => expect(answer.items[0]).toEqual({ productId, score, reason: 'co_purchase' });

    it('answers from Postgres while Redis is frozen or down, then the projection catches up with nothing lost or counted twice', async () => {
      await vi.waitFor(() => expectAnswers(firstIs(products.B, 2)), { timeout: 20_000, interval: 100 });

      // Frozen longer than the projection's command timeout: its batch fails, and Redis runs it when thawed.
      redis.freeze();
      try {
        await shop.buy(await shop.customer(), [products.A, products.C]);
        await expectAnswers(fromPostgres);
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        await expectAnswers(fromPostgres);
      } finally {
        redis.thaw();
      }

      await redis.stop();
      for (let n = 0; n < 2; n++) await shop.buy(await shop.customer(), [products.A, products.C]);
      const sessionId = `web-${randomUUID()}`;
      for (const product of [products.P, products.Q]) await shop.view(product, sessionId);
      await expectAnswers(fromPostgres);
      await redis.restart();

      // A bought with C three times now, with B twice: every confirmation counted, once. (The buyer's own
      // list, cached before the outage, is computed again once their activity changes or it expires.)
      await vi.waitFor(async () => firstIs(products.C, 3)(await shop.relatedTo(products.A)), { timeout: 30_000, interval: 100 });
      const [last] = await api().store.readAll({ direction: 'backwards', maxCount: 1 });
      await vi.waitFor(async () => expect(BigInt((await client.get(`${prefix}checkpoint`)) ?? '-1')).toBeGreaterThanOrEqual(last?.position ?? 0n), { timeout: 30_000 });
      const fresh = freshKeyPrefix();
      await new RecommendationWriter(client, new RecommendationKeys(fresh)).apply(await api().store.readAll());
      expect(await dumpKeys(client, prefix, { skip: SKIP })).toEqual(await dumpKeys(client, fresh, { skip: SKIP }));
      expect(await client.zscore(`${prefix}coview:${products.P}`, products.Q)).toBe('1');
    }, 120_000);
  },
  () => {
    prefix = freshKeyPrefix();
    return { REDIS_URL: redis.url, RECOMMENDATIONS_KEY_PREFIX: prefix };
  },
);
