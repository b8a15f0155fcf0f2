import type { FastifyBaseLogger } from 'fastify';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { isRedisUnavailable } from '../../infra/redis/redis-client.js';
import { activeAmong, contentFacts, type ContentFacts } from './catalogue-facts.js';
import { popularInOrders, purchasesOf } from './order-history.js';
import { rankRecommendations, type CoOccurrence, type PopularProduct } from './ranking.js';
import type { RedisRecommendationReads } from './redis-reads.js';
import { MAX_RECOMMENDATIONS, type RecommendedItem } from './schemas.js';
import { seedsOf, type Seed } from './seeds.js';

/** Popular products read as the last tier: enough to fill a list after the excluded ones. */
const POPULAR_CANDIDATES = 100;

interface Signals {
  readonly coOccurrences: readonly CoOccurrence[];
  readonly popular: readonly PopularProduct[];
}

/**
 * The recommendations of both routes. With Redis: co-occurrence from the recommendations projection,
 * a customer's list cached there; without it, or while it is down: content and popularity from the
 * Postgres read models, never failing for Redis. Discontinued products are filtered out against the
 * catalogue read model at every answer, cached or not, so none ever shows.
 */
export class Recommender {
  constructor(
    private readonly db: SqlExecutor,
    private readonly redis: RedisRecommendationReads | undefined,
  ) {}

  async forCustomer(userId: string, limit: number, log: FastifyBaseLogger): Promise<RecommendedItem[]> {
    const redis = this.redis;
    if (redis !== undefined) {
      try {
        return await this.forCustomerFromRedis(redis, userId, limit, log);
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
        log.warn({ err: error }, 'redis unavailable: recommendations from Postgres');
      }
    }
    const purchases = await purchasesOf(this.db, userId);
    const seeds = seedsOf({ purchases, views: [] });
    const [facts, popular] = await Promise.all([this.factsOf(seeds), popularInOrders(this.db, POPULAR_CANDIDATES)]);
    return this.rank(seeds, facts, { coOccurrences: [], popular }, new Set(purchases), limit);
  }

  /** Undefined for a product the catalogue does not know. */
  async relatedTo(productId: string, limit: number, log: FastifyBaseLogger): Promise<RecommendedItem[] | undefined> {
    const seeds = [{ productId, weight: 1 }];
    const facts = await this.factsOf(seeds);
    if (facts.seeds.length === 0) return undefined;
    const signals = await this.signalsOf(seeds, log);
    return this.rank(seeds, facts, signals, new Set([productId]), limit);
  }

  private async forCustomerFromRedis(redis: RedisRecommendationReads, userId: string, limit: number, log: FastifyBaseLogger): Promise<RecommendedItem[]> {
    const customer = await redis.customer(userId);
    if (customer.cached !== undefined) {
      // Discontinued since it was cached: left out.
      const active = await activeAmong(this.db, customer.cached.map((item) => item.productId));
      return customer.cached.filter((item) => active.has(item.productId)).slice(0, limit);
    }
    const seeds = seedsOf(customer);
    const [facts, signals] = await Promise.all([
      this.factsOf(seeds),
      redis.signals(
        seeds.map((seed) => seed.productId),
        POPULAR_CANDIDATES,
      ),
    ]);
    const items = await this.rank(seeds, facts, signals, new Set(customer.purchases), MAX_RECOMMENDATIONS);
    await redis.remember(userId, customer.basis, items).catch((error: unknown) => {
      // Only a cache: the answer stands without it.
      if (!isRedisUnavailable(error)) throw error;
      log.warn({ err: error }, 'redis unavailable: recommendations not cached');
    });
    return items.slice(0, limit);
  }

  private async signalsOf(seeds: readonly Seed[], log: FastifyBaseLogger): Promise<Signals> {
    if (this.redis !== undefined) {
      try {
        return await this.redis.signals(
          seeds.map((seed) => seed.productId),
          POPULAR_CANDIDATES,
        );
      } catch (error) {
        if (!isRedisUnavailable(error)) throw error;
        log.warn({ err: error }, 'redis unavailable: related products from Postgres');
      }
    }
    return { coOccurrences: [], popular: await popularInOrders(this.db, POPULAR_CANDIDATES) };
  }

  private factsOf(seeds: readonly Seed[]): Promise<ContentFacts> {
    return contentFacts(
      this.db,
      seeds.map((seed) => seed.productId),
    );
  }

  private async rank(seeds: readonly Seed[], facts: ContentFacts, signals: Signals, excluded: ReadonlySet<string>, limit: number): Promise<RecommendedItem[]> {
    const active = await activeAmong(this.db, [...signals.coOccurrences.map((row) => row.productId), ...signals.popular.map((product) => product.productId)]);
    for (const candidate of facts.candidates) active.add(candidate.productId);
    return rankRecommendations({
      seeds,
      coOccurrences: signals.coOccurrences,
      seedFacts: facts.seeds,
      contentCandidates: facts.candidates,
      popular: signals.popular,
      isAllowed: (productId) => active.has(productId) && !excluded.has(productId),
      limit,
    });
  }
}
