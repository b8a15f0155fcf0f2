import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { decodeCursor, pageFrom } from '../http/pagination.js';
import { reviewColumns, ReviewRowSchema } from './review-rows.js';
import { moderatedReview, ReviewStatusSchema, type ModeratedReviewSchema } from './review-schemas.js';

type ReviewStatus = z.infer<typeof ReviewStatusSchema>;

/** Keyset position in the reviews of one status: the last answered one's submission time and id; a cursor of another status does not fit. */
const cursorSchemaFor = (status: ReviewStatus) => z.tuple([z.literal(status), z.iso.datetime(), z.uuid()]);

/** The reviews in one moderation status, oldest first: for `pending`, the moderation queue in the order reviews arrived. */
export async function reviewsInStatusPage(
  db: SqlExecutor,
  status: ReviewStatus,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: z.infer<typeof ModeratedReviewSchema>[]; nextCursor: string | null }> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, cursorSchemaFor(status));
  const { rows } = await db.query(
    `SELECT ${reviewColumns} FROM reviews
      WHERE status = $1
        AND ($2::timestamptz IS NULL OR (submitted_at, review_id) > ($2::timestamptz, $3::uuid))
      ORDER BY submitted_at, review_id
      LIMIT $4`,
    [status, after?.[1] ?? null, after?.[2] ?? null, page.limit + 1],
  );
  return pageFrom(z.array(ReviewRowSchema).parse(rows), page.limit, moderatedReview, (row) => [status, row.submitted_key, row.review_id]);
}
