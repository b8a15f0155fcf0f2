import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { reviewsProjection } from '../../projections/reviews/projection.js';
import { recorded, useProjection } from '../support/projections.js';

const submittedAt = '2025-03-01T10:00:00.000Z';
const moderatedAt = '2025-03-02T11:30:00.000Z';

interface Review {
  readonly reviewId: string;
  submitted(): RecordedEvent;
  approved(reason?: string): RecordedEvent;
  rejected(reason?: string): RecordedEvent;
}

function reviewOf(productId: string, rating: number, moderatorId = randomUUID()): Review {
  const reviewId = randomUUID();
  const stream = `review-${reviewId}`;
  const reasonOf = (reason?: string) => (reason === undefined ? {} : { reason });
  return {
    reviewId,
    submitted: () =>
      recorded(stream, 'ReviewSubmitted', { reviewId, productId, customerId: randomUUID(), rating, title: `Rated ${rating}`, body: 'Fine.', verifiedPurchase: rating > 3, submittedAt }),
    approved: (reason) => recorded(stream, 'ReviewApproved', { reviewId, moderatorId, ...reasonOf(reason), approvedAt: moderatedAt }),
    rejected: (reason) => recorded(stream, 'ReviewRejected', { reviewId, moderatorId, ...reasonOf(reason), rejectedAt: moderatedAt }),
  };
}

describe('reviews projection', () => {
  const projection = useProjection(reviewsProjection);

  const reviewRow = async (reviewId: string) =>
    (
      await projection.rows(
        `SELECT product_id, rating, title, body, verified_purchase, status, moderator_id, reason, position::text AS position,
                to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted_at,
                to_char(moderated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS moderated_at
           FROM reviews WHERE review_id = $1`,
        [reviewId],
      )
    )[0];
  const ratingOf = async (productId: string) =>
    (await projection.rows('SELECT rating_count, rating_sum, position::text AS position FROM product_ratings WHERE product_id = $1', [productId]))[0];
  const snapshot = async () => ({
    reviews: await projection.rows('SELECT *, position::text AS position FROM reviews ORDER BY review_id'),
    ratings: await projection.rows('SELECT *, position::text AS position FROM product_ratings ORDER BY product_id'),
  });

  it('records a submitted review as pending; a pending review does not count in the product\'s rating', async () => {
    const productId = randomUUID();
    const review = reviewOf(productId, 5);
    const submitted = review.submitted();
    await projection.apply([submitted]);
    expect(await reviewRow(review.reviewId)).toEqual({
      product_id: productId,
      rating: 5,
      title: 'Rated 5',
      body: 'Fine.',
      verified_purchase: true,
      status: 'pending',
      moderator_id: null,
      reason: null,
      position: submitted.position.toString(),
      submitted_at: submittedAt,
      moderated_at: null,
    });
    expect(await ratingOf(productId)).toEqual({ rating_count: 0, rating_sum: 0, position: submitted.position.toString() });
  });

  it('an approval records the moderation and counts the rating; a rejection records it and does not count', async () => {
    const productId = randomUUID();
    const moderatorId = randomUUID();
    const liked = reviewOf(productId, 4, moderatorId);
    const spam = reviewOf(productId, 1, moderatorId);
    const submissions = [liked.submitted(), spam.submitted()];
    const approved = liked.approved('helpful');
    await projection.apply([...submissions, approved]);
    expect(await reviewRow(liked.reviewId)).toMatchObject({ status: 'approved', moderator_id: moderatorId, reason: 'helpful', moderated_at: moderatedAt, position: approved.position.toString() });
    expect(await ratingOf(productId)).toEqual({ rating_count: 1, rating_sum: 4, position: approved.position.toString() });

    const rejected = spam.rejected();
    await projection.apply([rejected]);
    expect(await reviewRow(spam.reviewId)).toMatchObject({ status: 'rejected', moderator_id: moderatorId, reason: null, moderated_at: moderatedAt });
    expect(await ratingOf(productId)).toEqual({ rating_count: 1, rating_sum: 4, position: rejected.position.toString() });
  });

  it('counts the approved reviews of each product apart, within one batch', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const reviews = [reviewOf(a, 5), reviewOf(a, 2), reviewOf(a, 3), reviewOf(b, 1)];
    await projection.apply([...reviews.map((review) => review.submitted()), ...reviews.map((review) => review.approved())]);
    expect(await ratingOf(a)).toMatchObject({ rating_count: 3, rating_sum: 10 });
    expect(await ratingOf(b)).toMatchObject({ rating_count: 1, rating_sum: 1 });
  });

  it('a review approved and later rejected leaves the sum (should the domain ever allow it)', async () => {
    const productId = randomUUID();
    const kept = reviewOf(productId, 2);
    const withdrawn = reviewOf(productId, 5);
    await projection.apply([kept.submitted(), withdrawn.submitted(), kept.approved(), withdrawn.approved()]);
    expect(await ratingOf(productId)).toMatchObject({ rating_count: 2, rating_sum: 7 });
    await projection.apply([withdrawn.rejected('changed our mind')]);
    expect(await reviewRow(withdrawn.reviewId)).toMatchObject({ status: 'rejected', reason: 'changed our mind' });
    expect(await ratingOf(productId)).toMatchObject({ rating_count: 1, rating_sum: 2 });
  });

  it('a moderation of a review never submitted changes nothing', async () => {
    const productId = randomUUID();
    const ghost = reviewOf(productId, 5);
    await projection.apply([ghost.approved()]);
    expect(await reviewRow(ghost.reviewId)).toBeUndefined();
    expect(await ratingOf(productId)).toBeUndefined();
  });

  it('a replayed approval never counts twice: the same events again change nothing, also after part of the batch was applied', async () => {
    const productId = randomUUID();
    const [first, second, third] = [reviewOf(productId, 5), reviewOf(productId, 4), reviewOf(productId, 1)];
    const batch = [first.submitted(), second.submitted(), first.approved(), third.submitted(), second.approved(), third.rejected()];

    await projection.apply(batch.slice(0, 3));
    expect(await ratingOf(productId)).toMatchObject({ rating_count: 1, rating_sum: 5 });
    await projection.apply(batch);
    const once = await snapshot();
    await projection.apply(batch);
    await projection.apply(batch.slice(2, 5));
    await projection.apply([batch[2] as RecordedEvent]);
    expect(await snapshot()).toEqual(once);
    expect(await ratingOf(productId)).toEqual({ rating_count: 2, rating_sum: 9, position: batch[5]?.position.toString() });
  });

  it('ignores events it does not read', async () => {
    const before = await snapshot();
    await projection.apply([recorded(`order-${randomUUID()}`, 'OrderPlaced', { reviewId: randomUUID() })]);
    expect(await snapshot()).toEqual(before);
  });
});
