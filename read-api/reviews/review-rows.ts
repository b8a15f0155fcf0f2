import { z } from 'zod';
import { ReviewRowSchema as StoredReviewRowSchema } from '../../projections/reviews/review-row.js';

/** A review as the read model stores it, with its submission time twice: for display (ms) and as an exact keyset key (µs). */
export const ReviewRowSchema = StoredReviewRowSchema.omit({ position: true }).extend({ submitted_key: z.iso.datetime() });
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

const iso = (column: string, fraction: 'MS' | 'US'): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"')`;

/** The select list that `ReviewRowSchema` parses. */
export const reviewColumns = `review_id, product_id, customer_id, rating, title, body, verified_purchase, status, moderator_id, reason,
  ${iso('submitted_at', 'MS')} AS submitted_at, ${iso('submitted_at', 'US')} AS submitted_key, ${iso('moderated_at', 'MS')} AS moderated_at`;
