import { describe, expect, it } from 'vitest';
import { contentScores, type ProductFacts } from '../../read-api/recommendations/content-similarity.js';
import { coOccurrenceTier, rankRecommendations, type CoOccurrence, type RankingInput } from '../../read-api/recommendations/ranking.js';
import { seedsOf } from '../../read-api/recommendations/seeds.js';

const id = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const [A, B, C, D, E, F, G] = [1, 2, 3, 4, 5, 6, 7].map(id) as [string, string, string, string, string, string, string];

const bought = (seed: string, productId: string, count: number): CoOccurrence => ({ seed, productId, kind: 'co_purchase', count });
const viewed = (seed: string, productId: string, count: number): CoOccurrence => ({ seed, productId, kind: 'co_view', count });
const facts = (productId: string, categoryId: string, attributes: ProductFacts['attributes'] = {}): ProductFacts => ({ productId, categoryId, attributes });

function input(overrides: Partial<RankingInput>): RankingInput {
  return { seeds: [], coOccurrences: [], seedFacts: [], contentCandidates: [], popular: [], isAllowed: () => true, limit: 10, ...overrides };
}

describe('recommendation scoring', () => {
  it('ranks co-purchases by how many orders they share with the seed, above co-views of as many sessions', () => {
    const items = rankRecommendations(input({ seeds: [{ productId: A, weight: 1 }], coOccurrences: [bought(A, C, 1), bought(A, B, 3), viewed(A, D, 3)] }));
    expect(items).toEqual([
      { productId: B, score: 3, reason: 'co_purchase' },
      { productId: C, score: 1, reason: 'co_purchase' },
      { productId: D, score: 0.9, reason: 'co_view' },
    ]);
  });

  it('names an item after the kind of co-occurrence that gave most of its score, and adds up both', () => {
    const [item] = coOccurrenceTier([{ productId: A, weight: 1 }], [bought(A, B, 1), viewed(A, B, 10)]);
    expect(item).toEqual({ productId: B, score: 4, reason: 'co_view' });
  });

  it('weighs each seed: the newest purchase most, views half, older ones less', () => {
    const seeds = seedsOf({ purchases: [A, B], views: [C, A] });
    expect(Object.fromEntries(seeds.map((seed) => [seed.productId, seed.weight]))).toEqual({ [A]: 1 + 0.5 * 0.85, [B]: 0.85, [C]: 0.5 });
    // D went with the newest purchase once, E with the older one once: D first.
    const items = rankRecommendations(input({ seeds, coOccurrences: [bought(B, E, 1), bought(A, D, 1)] }));
    expect(items.map((item) => item.productId)).toEqual([D, E]);
  });

  it('fills with products like the seeds (category, then shared attributes), then popular ones, each product once', () => {
    const items = rankRecommendations(
      input({
        seeds: [{ productId: A, weight: 1 }],
        coOccurrences: [bought(A, B, 2)],
        seedFacts: [facts(A, 'tents', { colour: 'red', season: 3 })],
        contentCandidates: [facts(A, 'tents'), facts(C, 'tents'), facts(D, 'tents', { colour: 'red', season: 3 }), facts(B, 'tents')],
        popular: [
          { productId: E, orders: 50 },
          { productId: D, orders: 40 },
          { productId: F, orders: 30 },
        ],
      }),
    );
    expect(items).toEqual([
      { productId: B, score: 2, reason: 'co_purchase' },
      { productId: D, score: 1.5, reason: 'content' },
      { productId: C, score: 1, reason: 'content' },
      { productId: E, score: 50, reason: 'popular' },
      { productId: F, score: 30, reason: 'popular' },
    ]);
  });

  it('never recommends what is not allowed (bought, discontinued), and stops at the limit', () => {
    const excluded = new Set([B, E]);
    const items = rankRecommendations(
      input({
        seeds: [{ productId: A, weight: 1 }],
        coOccurrences: [bought(A, B, 5), bought(A, C, 4), viewed(A, D, 1)],
        popular: [
          { productId: E, orders: 9 },
          { productId: F, orders: 8 },
          { productId: G, orders: 7 },
        ],
        isAllowed: (productId) => !excluded.has(productId),
        limit: 3,
      }),
    );
    expect(items.map((item) => [item.productId, item.reason])).toEqual([
      [C, 'co_purchase'],
      [D, 'co_view'],
      [F, 'popular'],
    ]);
  });

  it('gives a customer without history the popular products, and orders ties by product id', () => {
    const items = rankRecommendations(
      input({
        popular: [
          { productId: C, orders: 2 },
          { productId: B, orders: 2 },
          { productId: A, orders: 3 },
        ],
      }),
    );
    expect(items.map((item) => item.productId)).toEqual([A, B, C]);
    expect(new Set(items.map((item) => item.reason))).toEqual(new Set(['popular']));
  });

  it('scores content per seed by its weight, and never offers a seed as like itself', () => {
    const scores = contentScores(
      [
        { productId: A, weight: 1 },
        { productId: B, weight: 0.5 },
      ],
      [facts(A, 'tents', { colour: 'red' }), facts(B, 'stoves', { colour: 'red' })],
      [facts(A, 'tents', { colour: 'red' }), facts(C, 'tents', { colour: 'red' }), facts(D, 'stoves'), facts(E, 'lamps')],
    );
    expect(Object.fromEntries(scores)).toEqual({ [C]: 1.25 + 0.5 * 0.25, [D]: 0.5 });
  });
});
