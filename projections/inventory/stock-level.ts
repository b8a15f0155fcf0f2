import { z } from 'zod';
import type { InventoryEvent } from '../../domain/inventory/events.js';
import { evolveInventory, noStock, type InventoryState } from '../../domain/inventory/inventory-state.js';
import type { KeyedTable } from '../runner/keyed-rows.js';

/** One row of `inventory_levels`: a product's stock after the last event folded (`position`). */
export const StockLevelRowSchema = z.object({
  product_id: z.uuid(),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  low_stock_threshold: z.number().int(),
  low_stock_alerted: z.boolean(),
  position: z.string().regex(/^\d+$/),
});
export type StockLevelRow = z.infer<typeof StockLevelRowSchema>;

export const stockLevels: KeyedTable<StockLevelRow> = {
  table: 'inventory_levels',
  key: 'product_id',
  columns: {
    product_id: 'uuid',
    on_hand: 'integer',
    reserved: 'integer',
    available: 'integer',
    low_stock_threshold: 'integer',
    low_stock_alerted: 'boolean',
    position: 'bigint',
  },
  row: StockLevelRowSchema,
};

/**
 * The domain's own state without the reservations by order: the counts never depend on them (releases
 * and commits carry their quantity), and keeping every order's reservation would grow a popular
 * product's row without bound.
 */
function stateOf(row: StockLevelRow | undefined): InventoryState {
  if (row === undefined) return noStock;
  return {
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.available,
    lowStockThreshold: row.low_stock_threshold,
    lowStockAlerted: row.low_stock_alerted,
    reservations: {},
  };
}

/** The row after the event, folded with the inventory decider's evolve so the read model agrees with the aggregate. */
export function evolveStockLevel(row: StockLevelRow | undefined, event: InventoryEvent, position: bigint): StockLevelRow {
  const next = evolveInventory(stateOf(row), event);
  return {
    product_id: event.data.productId,
    on_hand: next.onHand,
    reserved: next.reserved,
    available: next.available,
    low_stock_threshold: next.lowStockThreshold,
    low_stock_alerted: next.lowStockAlerted,
    position: position.toString(),
  };
}
