import { v5 as uuidv5 } from 'uuid';
import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { ModerateReview, ReviewCommand, SubmitReview } from './commands.js';
import type { ReviewEvent } from './events.js';

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export type ReviewState = { readonly status: 'none' } | { readonly status: ReviewStatus; readonly productId: string; readonly customerId: string };

// Fixed namespace for review ids: one review per customer and product, so one stream each.
const REVIEW_NAMESPACE = '0c1f6a52-6a3f-4f0e-9f52-3e0b8f6f2a71';

/** The one review a customer may write about a product has an id derived from both. */
export function reviewIdFor(customerId: string, productId: string): string {
  return uuidv5(`${customerId}/${productId}`, REVIEW_NAMESPACE);
}

export const reviewStream = (reviewId: string): string => `review-${reviewId}`;

function submit(command: SubmitReview, state: ReviewState): Decision<ReviewEvent> {
  if (state.status !== 'none') return reject('conflict', 'this customer has already reviewed this product');
  if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) return reject('unprocessable', 'a rating is a whole number from 1 to 5');
  if (command.title.trim() === '' || command.body.trim() === '') return reject('unprocessable', 'a review needs a title and a body');
  return [
    {
      type: 'ReviewSubmitted',
      data: {
        reviewId: command.reviewId,
        productId: command.productId,
        customerId: command.customerId,
        rating: command.rating,
        title: command.title,
        body: command.body,
        verifiedPurchase: command.verifiedPurchase,
        submittedAt: command.at,
      },
    },
  ];
}

function moderate(command: ModerateReview, state: ReviewState): Decision<ReviewEvent> {
  if (state.status === 'none') return reject('not_found', 'no such review');
  const wanted: ReviewStatus = command.type === 'ApproveReview' ? 'approved' : 'rejected';
  // Repeating a moderation decision changes nothing, so a retried request is harmless.
  if (state.status === wanted) return [];
  if (state.status !== 'pending') return reject('conflict', `the review was already ${state.status}`);
  const reason = command.reason === undefined ? {} : { reason: command.reason };
  return command.type === 'ApproveReview'
    ? [{ type: 'ReviewApproved', data: { reviewId: command.reviewId, moderatorId: command.moderatorId, ...reason, approvedAt: command.at } }]
    : [{ type: 'ReviewRejected', data: { reviewId: command.reviewId, moderatorId: command.moderatorId, ...reason, rejectedAt: command.at } }];
}

export const reviewDecider: Decider<ReviewCommand, ReviewEvent, ReviewState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    return command.type === 'SubmitReview' ? submit(command, state) : moderate(command, state);
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ReviewSubmitted':
        return { status: 'pending', productId: event.data.productId, customerId: event.data.customerId };
      case 'ReviewApproved':
        return state.status === 'none' ? state : { ...state, status: 'approved' };
      case 'ReviewRejected':
        return state.status === 'none' ? state : { ...state, status: 'rejected' };
    }
  },
};
