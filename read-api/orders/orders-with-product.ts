import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { NOTHING_PROCESSED } from '../../projections/runner/checkpoints.js';

const RowSchema = z.tuple([z.object({ processed_up_to: z.string().nullable(), order_ids: z.array(z.string()) })]);

/** What the orders read model knows of a customer's orders with a product on a line. */
export interface KnownOrdersWithProduct {
  readonly orderIds: readonly string[];
  /** The last position of `$all` the read model took in; the orders placed after it are not among `orderIds`. */
  readonly processedUpTo: bigint;
}

/**
 * The customer's orders with the product, whatever their status, from the orders read model, with
 * the position it processed up to, both read in one statement (one snapshot: they agree).
 */
export async function knownOrdersWithProduct(db: SqlExecutor, customerId: string, productId: string): Promise<KnownOrdersWithProduct> {
  const { rows } = await db.query(
    `SELECT (SELECT position::text FROM projection_checkpoints WHERE name = 'orders') AS processed_up_to,
            ARRAY(SELECT order_id::text FROM orders
                   WHERE customer_id = $1::uuid AND lines @> jsonb_build_array(jsonb_build_object('productId', $2::text))) AS order_ids`,
    [customerId, productId],
  );
  const [row] = RowSchema.parse(rows);
  return { orderIds: row.order_ids, processedUpTo: row.processed_up_to === null ? NOTHING_PROCESSED : BigInt(row.processed_up_to) };
}
