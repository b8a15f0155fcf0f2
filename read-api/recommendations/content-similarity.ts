import type { Attributes } from '../../domain/catalog/attributes.js';
import type { Seed } from './seeds.js';

/** What content-based recommendations compare: a product's category and attributes. */
export interface ProductFacts {
  readonly productId: string;
  readonly categoryId: string;
  readonly attributes: Attributes;
}

/** A shared attribute (same name, same value) counts for this much of a shared category. */
const ATTRIBUTE_WEIGHT = 0.25;

function sharedAttributes(a: Attributes, b: Attributes): number {
  return Object.entries(a).filter(([name, value]) => Object.hasOwn(b, name) && b[name] === value).length;
}

/**
 * How much each candidate resembles the seeds: per seed (by its weight), 1 for the same category plus a
 * quarter per shared attribute. Seeds themselves are no candidates (a product resembles itself most).
 */
export function contentScores(seeds: readonly Seed[], seedFacts: readonly ProductFacts[], candidates: readonly ProductFacts[]): Map<string, number> {
  const weights = new Map(seeds.map((seed) => [seed.productId, seed.weight]));
  const scores = new Map<string, number>();
  for (const candidate of candidates) {
    if (weights.has(candidate.productId)) continue;
    let score = 0;
    for (const seed of seedFacts) {
      const similarity = (seed.categoryId === candidate.categoryId ? 1 : 0) + ATTRIBUTE_WEIGHT * sharedAttributes(seed.attributes, candidate.attributes);
      score += (weights.get(seed.productId) ?? 0) * similarity;
    }
    if (score > 0) scores.set(candidate.productId, score);
  }
  return scores;
}
