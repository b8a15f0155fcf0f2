import { z } from 'zod';
import type { ReviewRow } from './review-rows.js';

export const ReviewStatusSchema = z.enum(['pending', 'approved', 'rejected']);

/** An approved review as anyone may read it under its product. */
export const PublishedReviewSchema = z.object({
  reviewId: z.uuid(),
  productId: z.uuid(),
  rating: z.number().int().min(1).max(5),
  title: z.string(),
  body: z.string(),
  verifiedPurchase: z.boolean(),
  submittedAt: z.iso.datetime(),
});

/** A review as moderators (admin, support) see it, with who wrote it and how it was moderated. */
export const ModeratedReviewSchema = PublishedReviewSchema.extend({
  customerId: z.uuid(),
  status: ReviewStatusSchema,
  moderatedAt: z.iso.datetime().nullable(),
  moderatorId: z.uuid().nullable(),
  reason: z.string().nullable(),
});

export function publishedReview(row: ReviewRow): z.infer<typeof PublishedReviewSchema> {
  return { reviewId: row.review_id, productId: row.product_id, rating: row.rating, title: row.title, body: row.body, verifiedPurchase: row.verified_purchase, submittedAt: row.submitted_at };
}

export function moderatedReview(row: ReviewRow): z.infer<typeof ModeratedReviewSchema> {
  return { ...publishedReview(row), customerId: row.customer_id, status: row.status, moderatedAt: row.moderated_at, moderatorId: row.moderator_id, reason: row.reason };
}
