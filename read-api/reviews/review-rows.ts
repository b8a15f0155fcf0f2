import { z } from 'zod';

/** A review as the read model stores it, with its submission time twice: for display (ms) and as an exact keyset key (µs). */
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
  submitted_key: z.iso.datetime(),
  moderated_at: z.iso.datetime().nullable(),
  moderator_id: z.uuid().nullable(),
  reason: z.string().nullable(),
});
export type ReviewRow = z.infer<typeof ReviewRowSchema>;

const iso = (column: string, fraction: 'MS' | 'US'): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"')`;

/** The select list that `ReviewRowSchema` parses. */
export const reviewColumns = `review_id, product_id, customer_id, rating, title, body, verified_purchase, status, moderator_id, reason,
  ${iso('submitted_at', 'MS')} AS submitted_at, ${iso('submitted_at', 'US')} AS submitted_key, ${iso('moderated_at', 'MS')} AS moderated_at`;
