import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/** A product's stock as the admin console shows it (API.md, "Inventory"). */
export const StockLevelSchema = z.object({
  productId: z.uuid(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int().describe('onHand - reserved: what can still be sold; never negative'),
  lowStockThreshold: z.number().int(),
});
export type StockLevel = z.infer<typeof StockLevelSchema>;

const StockLevelRowSchema = z.object({
  product_id: z.uuid(),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  low_stock_threshold: z.number().int(),
});

/** The product's stock, or undefined when no stock was ever recorded for it. */
export async function findStockLevel(db: SqlExecutor, productId: string): Promise<StockLevel | undefined> {
  const { rows } = await db.query('SELECT product_id, on_hand, reserved, available, low_stock_threshold FROM inventory_levels WHERE product_id = $1', [productId]);
  if (rows[0] === undefined) return undefined;
  const row = StockLevelRowSchema.parse(rows[0]);
  return { productId: row.product_id, onHand: row.on_hand, reserved: row.reserved, available: row.available, lowStockThreshold: row.low_stock_threshold };
}
