import { randomUUID } from 'node:crypto';
import { reviewEvents } from '../../domain/reviews/events.js';
import { reviewStream } from '../../domain/reviews/review.js';
import { Happening, type PlannedAppend } from './happening.js';
import { takeAt, type ShopState } from './shop-state.js';
import { reviewBody, reviewTitle } from './shop-vocabulary.js';

export function submitReview(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const reviewId = randomUUID();
  const customer = random.pick(shop.customers);
  const rating = random.weighted([
    [5, 4],
    [4, 3],
    [3, 1.5],
    [2, 0.8],
    [1, 0.7],
  ] as const);
  const at = shop.advance();
  shop.pendingReviews.push(reviewId);
  return new Happening(at, customer.id).record(reviewStream(reviewId), reviewEvents, [
    {
      type: 'ReviewSubmitted',
      data: {
        reviewId,
        productId: random.pick(shop.products).id,
        customerId: customer.id,
        rating,
        title: reviewTitle(random),
        body: reviewBody(random),
        verifiedPurchase: random.chance(0.7),
        submittedAt: at,
      },
    },
  ]).appends;
}

/** A moderator decides on a waiting review (mostly approves: product ratings get recounted). */
export function moderateReview(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  if (shop.pendingReviews.length === 0) return submitReview(shop);
  const reviewId = takeAt(shop.pendingReviews, random.int(0, shop.pendingReviews.length - 1));
  const moderatorId = random.pick(shop.admins);
  const at = shop.advance();
  return new Happening(at, moderatorId).record(reviewStream(reviewId), reviewEvents, [
    random.chance(0.85)
      ? { type: 'ReviewApproved', data: { reviewId, moderatorId, approvedAt: at } }
      : { type: 'ReviewRejected', data: { reviewId, moderatorId, reason: 'off topic', rejectedAt: at } },
  ]).appends;
}
