import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { decodeCursor, pageFrom } from '../http/pagination.js';
import { reviewColumns, ReviewRowSchema } from './review-rows.js';
import { publishedReview, type PublishedReviewSchema } from './review-schemas.js';

/** Keyset position in a product's approved reviews: the last answered one's submission time and id; tagged so no other list's cursor fits. */
const CursorSchema = z.tuple([z.literal('published'), z.iso.datetime(), z.uuid()]);

/** A product's approved reviews, newest first (only approved reviews are public, API.md "Reviews"). */
export async function productReviewsPage(
  db: SqlExecutor,
  productId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: z.infer<typeof PublishedReviewSchema>[]; nextCursor: string | null }> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, CursorSchema);
  const { rows } = await db.query(
    `SELECT ${reviewColumns} FROM reviews
      WHERE product_id = $1 AND status = 'approved'
        AND ($2::timestamptz IS NULL OR (submitted_at, review_id) < ($2::timestamptz, $3::uuid))
      ORDER BY submitted_at DESC, review_id DESC
      LIMIT $4`,
    [productId, after?.[1] ?? null, after?.[2] ?? null, page.limit + 1],
  );
  return pageFrom(z.array(ReviewRowSchema).parse(rows), page.limit, publishedReview, (row) => ['published', row.submitted_key, row.review_id]);
}
