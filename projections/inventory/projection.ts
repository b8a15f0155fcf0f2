import { inventoryEvents } from '../../domain/inventory/events.js';
import type { Projection } from '../projection.js';
import { foldOfBatch } from '../runner/domain-fold.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { inventorySchema, inventoryTables } from './schema.js';
import { evolveStockLevel, stockLevels } from './stock-level.js';

/** Stock levels per product (`inventory_levels`), for the admin's GET and the catalogue's availability. */
export const inventoryProjection: Projection = {
  name: 'inventory',
  schema: inventorySchema,
  tables: inventoryTables,
  async apply(tx, events) {
    await foldIntoTable(tx, stockLevels, foldOfBatch(inventoryEvents, { keyOf: (event) => event.data.productId, evolve: (row, event, recorded) => evolveStockLevel(row, event, recorded.position) }, events), events);
  },
};
