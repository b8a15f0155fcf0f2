import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { Projection } from '../projection.js';
import { decodeIfKnown } from '../runner/decode.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { inventorySchema, inventoryTables } from './schema.js';
import { evolveStockLevel, stockLevels } from './stock-level.js';

/** Stock levels per product (`inventory_levels`), for the admin's GET and the catalogue's availability. */
export const inventoryProjection: Projection = {
  name: 'inventory',
  schema: inventorySchema,
  tables: inventoryTables,
  async apply(tx, events) {
    // Each event is decoded (and checked) once, then both keyed and folded from the decoded form.
    const decoded = new Map<RecordedEvent, InventoryEvent>();
    for (const event of events) {
      const inventoryEvent = decodeIfKnown(inventoryEvents, event);
      if (inventoryEvent !== undefined) decoded.set(event, inventoryEvent);
    }
    await foldIntoTable(
      tx,
      stockLevels,
      {
        keyOf: (event) => decoded.get(event)?.data.productId,
        evolve: (row, event) => {
          const inventoryEvent = decoded.get(event);
          return inventoryEvent === undefined ? undefined : evolveStockLevel(row, inventoryEvent, event.position);
        },
      },
      events,
    );
  },
};
