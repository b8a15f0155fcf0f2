import { describe, expect, it } from 'vitest';
import type { SubmitReview } from '../../domain/reviews/commands.js';
import type { ReviewEvent } from '../../domain/reviews/events.js';
import { reviewDecider, reviewIdFor } from '../../domain/reviews/review.js';
import { specify } from './spec.js';

const customerId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const productId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const moderatorId = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const reviewId = reviewIdFor(customerId, productId);
const at = '2026-11-26T12:00:00.000Z';

const submit: SubmitReview = { type: 'SubmitReview', reviewId, productId, customerId, rating: 4, title: 'Solid', body: 'Does what it says.', verifiedPurchase: true, at };
const submitted: ReviewEvent = {
  type: 'ReviewSubmitted',
  data: { reviewId, productId, customerId, rating: 4, title: 'Solid', body: 'Does what it says.', verifiedPurchase: true, submittedAt: at },
};
const approved: ReviewEvent = { type: 'ReviewApproved', data: { reviewId, moderatorId, approvedAt: at } };
const rejected: ReviewEvent = { type: 'ReviewRejected', data: { reviewId, moderatorId, reason: 'spam', rejectedAt: at } };

const review = specify(reviewDecider);

describe('reviews', () => {
  it('one review per customer and product: its id is derived from both', () => {
    expect(reviewIdFor(customerId, productId)).toBe(reviewId);
    expect(reviewIdFor(customerId, moderatorId)).not.toBe(reviewId);
  });

  describe('submit', () => {
    it('records the review, pending moderation', () => {
      review.given([]).when(submit).then([submitted]);
    });
    it('refuses a second review by the same customer', () => {
      review.given([submitted]).when(submit).thenRejected('conflict', /already reviewed/);
    });
    for (const rating of [0, 6, 3.5]) {
      it(`refuses a rating of ${rating}`, () => {
        review.given([]).when({ ...submit, rating }).thenRejected('unprocessable', /1 to 5/);
      });
    }
    it('refuses an empty title or body', () => {
      review.given([]).when({ ...submit, title: '  ' }).thenRejected('unprocessable');
      review.given([]).when({ ...submit, body: '' }).thenRejected('unprocessable');
    });
  });

  describe('moderation', () => {
    it('approves a pending review', () => {
      review.given([submitted]).when({ type: 'ApproveReview', reviewId, moderatorId, at }).then([approved]);
    });
    it('rejects a pending review with a reason', () => {
      review.given([submitted]).when({ type: 'RejectReview', reviewId, moderatorId, reason: 'spam', at }).then([rejected]);
    });
    it('repeating the same decision changes nothing', () => {
      review.given([submitted, approved]).when({ type: 'ApproveReview', reviewId, moderatorId, at }).then([]);
      review.given([submitted, rejected]).when({ type: 'RejectReview', reviewId, moderatorId, at }).then([]);
    });
    it('refuses to reverse a decision', () => {
      review.given([submitted, approved]).when({ type: 'RejectReview', reviewId, moderatorId, at }).thenRejected('conflict', /approved/);
      review.given([submitted, rejected]).when({ type: 'ApproveReview', reviewId, moderatorId, at }).thenRejected('conflict', /rejected/);
    });
    it('a review that does not exist is not found', () => {
      review.given([]).when({ type: 'ApproveReview', reviewId, moderatorId, at }).thenRejected('not_found');
    });
  });
});
