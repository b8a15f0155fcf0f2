import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeApi } from '../support/api.js';
import { call, expectProblem } from '../support/http.js';
import { TestShop, type Customer, type RecommendationsAnswer } from '../recommendations/support/shop.js';

const ids = (answer: RecommendationsAnswer): string[] => answer.items.map((item) => item.productId);
const reasons = (answer: RecommendationsAnswer): Set<string> => new Set(answer.items.map((item) => item.reason));

describeApi('recommendations without Redis (computed from the Postgres read models)', (api) => {
  let shop: TestShop;
  const products: Record<'A' | 'B' | 'C' | 'D' | 'X', string> = { A: '', B: '', C: '', D: '', X: '' };
  let buyer: Customer;

  beforeAll(async () => {
    shop = await TestShop.open(api().app);
    const [tents, stoves] = [await shop.category('Tents'), await shop.category('Stoves')];
    products.A = await shop.product(tents, { colour: 'red' });
    products.B = await shop.product(tents, { colour: 'red' });
    products.X = await shop.product(tents);
    products.C = await shop.product(stoves);
    products.D = await shop.product(stoves);
    for (const basket of [[products.C, products.D], [products.C], [products.A, products.D]]) await shop.buy(await shop.customer(), basket);
    buyer = await shop.customer();
    await shop.buy(buyer, [products.A]);
  });

  it('recommends products like those bought (category, attributes), then popular ones, never one bought', async () => {
    const answer = await shop.recommendationsFor(buyer);
    expect(answer.items.slice(0, 2).map((item) => [item.productId, item.reason])).toEqual([
      [products.B, 'content'],
      [products.X, 'content'],
    ]);
    // C is in two confirmed orders, D in two, A (bought) in two: the popular ones, by orders.
    expect(answer.items.slice(2)).toEqual([
      { productId: [products.C, products.D].sort()[0], score: 2, reason: 'popular' },
      { productId: [products.C, products.D].sort()[1], score: 2, reason: 'popular' },
    ]);
    expect(ids(answer)).not.toContain(products.A);
  });

  it('relates a product to those like it, then popular ones; 404 for an unknown one', async () => {
    const related = await shop.relatedTo(products.C);
    expect(related.items[0]).toMatchObject({ productId: products.D, reason: 'content' });
    expect(reasons(related)).toEqual(new Set(['content', 'popular']));
    expect(ids(related)).not.toContain(products.C);
    expectProblem(await call(api().app, 'GET', `/api/v1/products/${randomUUID()}/related`), 404);
  });

  it('never recommends a discontinued product, and gives a newcomer the popular ones', async () => {
    const position = await shop.discontinue(products.B);
    const answer = await call(api().app, 'GET', '/api/v1/recommendations', undefined, { token: buyer.accessToken, headers: { 'x-min-position': position } });
    expect(ids(answer.json<RecommendationsAnswer>())).not.toContain(products.B);
    const newcomer = await shop.recommendationsFor(await shop.customer());
    expect(reasons(newcomer)).toEqual(new Set(['popular']));
    expect(ids(newcomer)).toHaveLength(3);
  });
});
