import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { PopularProduct } from './ranking.js';

/*
 * Recommendation signals from the orders read model, for when Redis is not configured or down. An
 * order counts once it was confirmed (whatever became of it later), as in the Redis projection.
 */
const WAS_CONFIRMED = `status_history @> '[{"status": "confirmed"}]'::jsonb`;
/** Popularity over the newest confirmed orders only: a bounded scan, and what sells now. */
const POPULARITY_WINDOW = 10_000;

const ProductRowsSchema = z.array(z.object({ product_id: z.string() }));
const PopularRowsSchema = z.array(z.object({ product_id: z.string(), orders: z.number().int() }));

/** Every product the customer bought, newest first. */
export async function purchasesOf(db: SqlExecutor, customerId: string): Promise<string[]> {
  const { rows } = await db.query(
    /* sql */ `SELECT line->>'productId' AS product_id
       FROM orders o CROSS JOIN LATERAL jsonb_array_elements(o.lines) AS line
      WHERE o.customer_id = $1::uuid AND o.${WAS_CONFIRMED}
      GROUP BY 1 ORDER BY max(o.placed_position) DESC, 1`,
    [customerId],
  );
  return ProductRowsSchema.parse(rows).map((row) => row.product_id);
}

/** The products in most of the newest confirmed orders. */
export async function popularInOrders(db: SqlExecutor, count: number): Promise<PopularProduct[]> {
  const { rows } = await db.query(
    /* sql */ `SELECT line->>'productId' AS product_id, count(*)::int AS orders
       FROM (SELECT lines FROM orders WHERE ${WAS_CONFIRMED} ORDER BY placed_position DESC LIMIT $1) o
       CROSS JOIN LATERAL jsonb_array_elements(o.lines) AS line
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $2`,
    [POPULARITY_WINDOW, count],
  );
  return PopularRowsSchema.parse(rows).map((row) => ({ productId: row.product_id, orders: row.orders }));
}
