import { z } from 'zod';
import type { OrderLine } from './order-lines.js';
import type { FactOrigin } from './fact-time.js';

const OrderFactKindSchema = z.enum(['confirmed', 'cancelled', 'refunded']);
export type OrderFactKind = z.infer<typeof OrderFactKindSchema>;

/** The event types that make order facts, and the kind each makes. */
export const ORDER_FACT_KINDS = { OrderConfirmed: 'confirmed', OrderCancelled: 'cancelled', OrderRefunded: 'refunded' } as const satisfies Record<string, OrderFactKind>;

/**
 * One row of `order_facts`: a line of an order as it was confirmed, cancelled or refunded (in full), with
 * the line's units and revenue (Int64 minor units). Its id is the event's id and the line.
 */
export const OrderFactSchema = z.object({
  kind: OrderFactKindSchema,
  event_id: z.string(),
  line: z.number().int().nonnegative(),
  order_id: z.string(),
  customer_id: z.string(),
  product_id: z.string(),
  units: z.number().int().positive(),
  revenue: z.number().int(),
  currency: z.string(),
  occurred_at: z.number().int().nonnegative(),
  /** The event's position in `$all`, in decimal (an Int64 column: JSON numbers cannot hold it exactly). */
  position: z.string(),
});
export type OrderFact = z.infer<typeof OrderFactSchema>;

export function orderFacts(kind: OrderFactKind, event: FactOrigin, lines: readonly OrderLine[]): OrderFact[] {
  return lines.map((line) => ({
    kind,
    event_id: event.eventId,
    line: line.line,
    order_id: line.order_id,
    customer_id: line.customer_id,
    product_id: line.product_id,
    units: line.units,
    revenue: line.revenue,
    currency: line.currency,
    occurred_at: event.occurredAt,
    position: event.position.toString(),
  }));
}
