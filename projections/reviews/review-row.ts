import { z } from 'zod';
import type { ReviewEvent } from '../../domain/reviews/events.js';
import type { KeyedTable } from '../runner/keyed-rows.js';

/** One row of `reviews`: a review and its moderation after the last event folded (`position`). */
export const ReviewRowSchema = z.object({
  review_id: z.uuid(),
  product_id: z.uuid(),
  customer_id: z.uuid(),
  rating: z.number().int().min(1).max(5),
  title: z.string(),
  body: z.string(),
  verified_purchase: z.boolean(),
  status: z.enum(['pending', 'approved', 'rejected']),
  submitted_at: z.iso.datetime(),
  moderated_at: z.iso.datetime().nullable(),
  moderator_id: z.uuid().nullable(),
  reason: z.string().nullable(),
  position: z.string().regex(/^\d+$/),
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

export const reviewRows: KeyedTable<ReviewRow> = {
  table: 'reviews',
  key: 'review_id',
  columns: {
    review_id: 'uuid',
    product_id: 'uuid',
    customer_id: 'uuid',
    rating: 'integer',
    title: 'text',
    body: 'text',
    verified_purchase: 'boolean',
    status: 'text',
    submitted_at: 'timestamptz',
    moderated_at: 'timestamptz',
    moderator_id: 'uuid',
    reason: 'text',
    position: 'bigint',
  },
  row: ReviewRowSchema,
};

/** The row after the event; undefined for a moderation of a review never submitted (the aggregate ignores it too). */
export function evolveReview(row: ReviewRow | undefined, event: ReviewEvent, position: bigint): ReviewRow | undefined {
  const at = position.toString();
  switch (event.type) {
    case 'ReviewSubmitted':
      return {
        review_id: event.data.reviewId,
        product_id: event.data.productId,
        customer_id: event.data.customerId,
        rating: event.data.rating,
        title: event.data.title,
        body: event.data.body,
        verified_purchase: event.data.verifiedPurchase,
        status: 'pending',
        submitted_at: event.data.submittedAt,
        moderated_at: null,
        moderator_id: null,
        reason: null,
        position: at,
      };
    case 'ReviewApproved':
    case 'ReviewRejected': {
      if (row === undefined) return undefined;
      // The latest moderation decides, as in the review aggregate's evolve.
      const [status, moderatedAt] = event.type === 'ReviewApproved' ? (['approved', event.data.approvedAt] as const) : (['rejected', event.data.rejectedAt] as const);
      return { ...row, status, moderated_at: moderatedAt, moderator_id: event.data.moderatorId, reason: event.data.reason ?? null, position: at };
    }
  }
}
