import { contentScores, type ProductFacts } from './content-similarity.js';
import type { Reason, RecommendedItem } from './schemas.js';
import type { Seed } from './seeds.js';

/** How often a product went with a seed: in confirmed orders (co_purchase) or browsing sessions (co_view). */
export interface CoOccurrence {
  readonly seed: string;
  readonly productId: string;
  readonly kind: 'co_purchase' | 'co_view';
  readonly count: number;
}

export interface PopularProduct {
  readonly productId: string;
  /** Confirmed orders that hold it. */
  readonly orders: number;
}

export interface RankingInput {
  readonly seeds: readonly Seed[];
  readonly coOccurrences: readonly CoOccurrence[];
  /** The seeds' own category and attributes, and the products that may resemble them. */
  readonly seedFacts: readonly ProductFacts[];
  readonly contentCandidates: readonly ProductFacts[];
  readonly popular: readonly PopularProduct[];
  /** False for what must never be recommended: bought, discontinued, the product asked about. */
  readonly isAllowed: (productId: string) => boolean;
  readonly limit: number;
}

/** Being bought together says more than being looked at together. */
const KIND_WEIGHTS = { co_purchase: 1, co_view: 0.3 } as const;

type Tier = readonly RecommendedItem[];

const rounded = (score: number): number => Math.round(score * 10_000) / 10_000;

/** Best first; equal scores by product id, so the same signals always give the same list. */
function ranked(scores: Iterable<readonly [string, number, Reason]>): Tier {
  return [...scores]
    .map(([productId, score, reason]) => ({ productId, score: rounded(score), reason }))
    .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

/** Each candidate scored by its co-occurrence with the seeds (seed weight × kind weight × count), named after the kind that gave most. */
export function coOccurrenceTier(seeds: readonly Seed[], coOccurrences: readonly CoOccurrence[]): Tier {
  const weights = new Map(seeds.map((seed) => [seed.productId, seed.weight]));
  const byProduct = new Map<string, { co_purchase: number; co_view: number }>();
  for (const { seed, productId, kind, count } of coOccurrences) {
    const parts = byProduct.get(productId) ?? { co_purchase: 0, co_view: 0 };
    parts[kind] += (weights.get(seed) ?? 0) * KIND_WEIGHTS[kind] * count;
    byProduct.set(productId, parts);
  }
  return ranked(
    [...byProduct].map(([productId, parts]) => [productId, parts.co_purchase + parts.co_view, parts.co_purchase >= parts.co_view ? 'co_purchase' : 'co_view'] as const),
  );
}

/**
 * The recommendations: co-occurrence with the seeds first, then (cold start, or too few of those)
 * products resembling the seeds, then popular ones; each product once, only allowed ones, at most `limit`.
 */
export function rankRecommendations(input: RankingInput): RecommendedItem[] {
  const tiers: Tier[] = [
    coOccurrenceTier(input.seeds, input.coOccurrences),
    ranked([...contentScores(input.seeds, input.seedFacts, input.contentCandidates)].map(([productId, score]) => [productId, score, 'content'] as const)),
    ranked(input.popular.map(({ productId, orders }) => [productId, orders, 'popular'] as const)),
  ];
  const chosen = new Map<string, RecommendedItem>();
  for (const tier of tiers) {
    for (const item of tier) {
      if (chosen.size >= input.limit) return [...chosen.values()];
      if (!chosen.has(item.productId) && input.isAllowed(item.productId)) chosen.set(item.productId, item);
    }
  }
  return [...chosen.values()];
}
