import { z } from 'zod';
import type { Environment } from '../environment.js';
import { queryRows } from '../sql.js';
import { examples, type InvariantResult, checked } from './result.js';

const StockEventSchema = z.object({ type: z.string(), product_id: z.uuid(), quantity: z.coerce.number() });
const LevelSchema = z.object({ product_id: z.uuid(), available: z.coerce.number() });
const ConfirmedLineSchema = z.object({ product_id: z.uuid(), quantity: z.coerce.number() });

/**
 * No oversell: replaying every product's stock events in order, available stock (restocked − reserved +
 * released) never drops below zero; the read model's `available` is never negative and equals the replay;
 * and the units of orders that stayed confirmed (not cancelled afterwards, which gives the units back) never
 * exceed what was restocked.
 */
export function checkNoOversell(env: Environment): Promise<InvariantResult> {
  return checked('no oversell', async () => {
    const events = await queryRows(
      env.eventStoreUrl,
      StockEventSchema,
      "SELECT type, data->>'productId' AS product_id, coalesce(data->>'quantity', '0') AS quantity FROM es_events WHERE type IN ('StockRestocked', 'StockReserved', 'ReservationReleased') ORDER BY position",
    );
    const available = new Map<string, number>();
    const restocked = new Map<string, number>();
    const negative: string[] = [];
    for (const event of events) {
      const before = available.get(event.product_id) ?? 0;
      const sign = event.type === 'StockReserved' ? -1 : 1;
      const after = before + sign * event.quantity;
      if (after < 0) negative.push(`${event.product_id} at ${after}`);
      available.set(event.product_id, after);
      if (event.type === 'StockRestocked') restocked.set(event.product_id, (restocked.get(event.product_id) ?? 0) + event.quantity);
    }
    const levels = await queryRows(env.readModelUrl, LevelSchema, 'SELECT product_id::text, available FROM inventory_levels');
    const mismatched = levels.filter((level) => level.available < 0 || level.available !== (available.get(level.product_id) ?? 0)).map((level) => `${level.product_id}: read model ${level.available}, events ${available.get(level.product_id) ?? 0}`);
    const confirmed = await queryRows(
      env.eventStoreUrl,
      ConfirmedLineSchema,
      `SELECT line->>'productId' AS product_id, sum((line->>'quantity')::int) AS quantity
         FROM es_events placed, jsonb_array_elements(placed.data->'lines') AS line
        WHERE placed.type = 'OrderPlaced'
          AND EXISTS (SELECT 1 FROM es_events c WHERE c.type = 'OrderConfirmed' AND c.data->>'orderId' = placed.data->>'orderId')
          AND NOT EXISTS (SELECT 1 FROM es_events x WHERE x.type = 'OrderCancelled' AND x.data->>'orderId' = placed.data->>'orderId')
        GROUP BY 1`,
    );
    const oversold = confirmed.filter((line) => line.quantity > (restocked.get(line.product_id) ?? 0)).map((line) => `${line.product_id}: ${line.quantity} confirmed > ${restocked.get(line.product_id) ?? 0} restocked`);
    const units = confirmed.reduce((sum, line) => sum + line.quantity, 0);
    const stocked = [...restocked.values()].reduce((sum, n) => sum + n, 0);
    const pass = negative.length === 0 && mismatched.length === 0 && oversold.length === 0;
    return {
      pass,
      detail:
        `${events.length} stock events over ${available.size} products; ${units} units in orders that stayed confirmed, of ${stocked} restocked; ` +
        `negative during replay: ${negative.length}${examples(negative)}; read model off or negative: ${mismatched.length}${examples(mismatched)}; confirmed > restocked: ${oversold.length}${examples(oversold)}`,
    };
  });
}
