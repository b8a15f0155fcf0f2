import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { execPipeline } from '../../infra/redis/redis-client.js';
import type { RecommendationKeys } from '../../projections/recommendations/keys.js';
import type { CoOccurrence, PopularProduct } from './ranking.js';
import { RecommendedItemSchema, type RecommendedItem } from './schemas.js';
import { SEEDS_PER_KIND } from './seeds.js';

/** A customer's list lives this long at most; their purchases and views drop it at once (the projection deletes it). */
export const CACHE_TTL_SECONDS = 300;
/** The strongest co-occurring products read per seed and kind. */
const NEIGHBOURS_PER_SEED = 20;

const Members = z.array(z.string());
const MaybeText = z.string().nullable();
/** A cached list with the activity it was computed from (see `activityBasis`). */
const CachedSchema = z.object({ basis: z.string(), items: z.array(RecommendedItemSchema) });
type Cached = z.infer<typeof CachedSchema>;

/** A WITHSCORES reply: member, score, member, score… */
function scored(reply: unknown): [string, number][] {
  const flat = Members.parse(reply);
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] ?? '', Number(flat[i + 1])]);
  return pairs;
}

function cached(reply: unknown): Cached | undefined {
  const text = MaybeText.parse(reply);
  if (text === null) return undefined;
  try {
    const parsed = CachedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON (written by something else): as good as no cached list; the next computation replaces it.
    return undefined;
  }
}

/**
 * What a customer's list was computed from: their purchases and newest views as read. A list cached
 * from other activity is stale, even when written after the projection dropped the cache (a request
 * racing a purchase): so a purchase always shows at once, whatever the timing.
 */
function activityBasis(purchases: readonly string[], views: readonly string[]): string {
  return createHash('sha1').update(`${purchases.join(',')}|${views.join(',')}`).digest('base64url');
}

export interface CustomerState {
  /** The recommendations cached for exactly this activity, if any (a purchase or view, or the TTL, drops them). */
  readonly cached: RecommendedItem[] | undefined;
  /** Every product the customer bought, newest first. */
  readonly purchases: string[];
  /** The newest views, newest first. */
  readonly views: string[];
  /** Identifies this activity, to cache the list computed from it. */
  readonly basis: string;
}

/** What the recommendation routes read from the keys the recommendations projection keeps in Redis. */
export class RedisRecommendationReads {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RecommendationKeys,
  ) {}

  async customer(userId: string): Promise<CustomerState> {
    const [cachedReply, purchasesReply, viewsReply] = await execPipeline(
      this.redis
        .pipeline()
        .get(this.keys.of('cache', userId))
        .zrevrange(this.keys.of('purchases', userId), 0, -1)
        .zrevrange(this.keys.of('views', userId), 0, SEEDS_PER_KIND - 1),
    );
    const [purchases, views] = [Members.parse(purchasesReply), Members.parse(viewsReply)];
    const basis = activityBasis(purchases, views);
    const list = cached(cachedReply);
    return { cached: list?.basis === basis ? list.items : undefined, purchases, views, basis };
  }

  /** The products bought and viewed with each seed, and the most popular ones. */
  async signals(seeds: readonly string[], popularCount: number): Promise<{ coOccurrences: CoOccurrence[]; popular: PopularProduct[] }> {
    const pipeline = this.redis.pipeline();
    for (const seed of seeds) {
      pipeline.zrevrange(this.keys.of('copurchase', seed), 0, NEIGHBOURS_PER_SEED - 1, 'WITHSCORES');
      pipeline.zrevrange(this.keys.of('coview', seed), 0, NEIGHBOURS_PER_SEED - 1, 'WITHSCORES');
    }
    pipeline.zrevrange(this.keys.popular, 0, popularCount - 1, 'WITHSCORES');
    const replies = await execPipeline(pipeline);
    const coOccurrences = seeds.flatMap((seed, index) => [
      ...scored(replies[2 * index]).map(([productId, count]) => ({ seed, productId, kind: 'co_purchase' as const, count })),
      ...scored(replies[2 * index + 1]).map(([productId, count]) => ({ seed, productId, kind: 'co_view' as const, count })),
    ]);
    return { coOccurrences, popular: scored(replies.at(-1)).map(([productId, orders]) => ({ productId, orders })) };
  }

  async remember(userId: string, basis: string, items: readonly RecommendedItem[]): Promise<void> {
    const entry: Cached = { basis, items: [...items] };
    await this.redis.set(this.keys.of('cache', userId), JSON.stringify(entry), 'EX', CACHE_TTL_SECONDS);
  }
}
