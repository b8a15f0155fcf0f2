import { z } from 'zod';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import type { OrderPlaced } from '../../domain/ordering/events.js';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlStrings } from '../../infra/clickhouse/sql-literals.js';

/**
 * One row of `order_lines`: a line as placed. Confirmations, cancellations and refunds name only the
 * order, so the projection keeps the lines it saw placed, in ClickHouse with the facts: they are there
 * for every later batch, after a restart and in a replay (a rebuild writes them again before the
 * order's later events, which follow the placement in `$all`).
 */
const OrderLineSchema = z.object({
  order_id: z.string(),
  line: z.number().int().nonnegative(),
  customer_id: z.string(),
  product_id: z.string(),
  units: z.number().int().positive(),
  revenue: z.coerce.number().int(),
  currency: z.string(),
  /** The event's position in `$all`, in decimal (an Int64 column: JSON numbers cannot hold it exactly). */
  position: z.string(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export function orderLines(placed: EventOf<typeof OrderPlaced>['data'], position: bigint): OrderLine[] {
  return placed.lines.map((line, index) => ({
    order_id: placed.orderId,
    line: index,
    customer_id: placed.customerId,
    product_id: line.productId,
    units: line.quantity,
    revenue: line.lineTotal.amount,
    currency: line.lineTotal.currency,
    position: position.toString(),
  }));
}

/** Order ids a look-up names: 1,000 quoted UUIDs are some 40 KiB of SQL. */
const LOOKUP_CHUNK = 1_000;

/** The lines of orders: those placed in the batch at hand, else those written by earlier batches. */
export class OrderLineBook {
  private readonly lines = new Map<string, OrderLine[]>();

  constructor(private readonly clickhouse: ClickHouse) {}

  add(lines: readonly OrderLine[]): void {
    for (const line of lines) this.lines.set(line.order_id, [...(this.lines.get(line.order_id) ?? []), line]);
  }

  /** Looks up the orders not placed in this batch (a query per `LOOKUP_CHUNK`, as a statement's text is limited to 256 KiB). */
  async load(orderIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(orderIds)].filter((orderId) => !this.lines.has(orderId));
    for (let start = 0; start < missing.length; start += LOOKUP_CHUNK) {
      const rows = await this.clickhouse.query(
        `SELECT order_id, line, any(customer_id) AS customer_id, any(product_id) AS product_id, any(units) AS units, any(revenue) AS revenue, any(currency) AS currency, min(position) AS position
         FROM order_lines WHERE order_id IN ${sqlStrings(missing.slice(start, start + LOOKUP_CHUNK))} GROUP BY order_id, line ORDER BY order_id, line`,
        OrderLineSchema,
      );
      this.add(rows);
    }
  }

  /** The order's lines in order; empty when its placement was never seen. */
  of(orderId: string): readonly OrderLine[] {
    return this.lines.get(orderId) ?? [];
  }
}
