import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { ReviewRow } from './review-row.js';

/**
 * Recounts the approved ratings of the products whose reviews this batch touched, from `reviews` in
 * one statement. Recounting (rather than adding deltas) is what makes it idempotent: a replayed
 * approval, or an approval later withdrawn, can never be counted twice or left in the sum. A row's
 * `position` is the last review event of the product folded so far.
 */
export async function recountRatings(tx: SqlExecutor, touched: Iterable<ReviewRow>): Promise<void> {
  const lastPositions = new Map<string, bigint>();
  for (const review of touched) {
    const position = BigInt(review.position);
    const known = lastPositions.get(review.product_id);
    if (known === undefined || position > known) lastPositions.set(review.product_id, position);
  }
  if (lastPositions.size === 0) return;
  await tx.query(
    `INSERT INTO product_ratings (product_id, rating_count, rating_sum, position)
       SELECT touched.product_id, count(reviews.review_id)::integer, coalesce(sum(reviews.rating), 0)::integer, touched.position
         FROM unnest($1::uuid[], $2::bigint[]) AS touched(product_id, position)
         LEFT JOIN reviews ON reviews.product_id = touched.product_id AND reviews.status = 'approved'
        GROUP BY touched.product_id, touched.position
     ON CONFLICT (product_id) DO UPDATE
       SET rating_count = EXCLUDED.rating_count, rating_sum = EXCLUDED.rating_sum, position = GREATEST(product_ratings.position, EXCLUDED.position)`,
    [[...lastPositions.keys()], [...lastPositions.values()].map(String)],
  );
}
