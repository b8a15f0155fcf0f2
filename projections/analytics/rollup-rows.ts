import { z } from 'zod';
import type { EventFact } from './event-facts.js';
import { hourOf } from './fact-time.js';
import type { OrderFact } from './order-facts.js';

const hour = z.number().int().nonnegative().describe('start of the hour, seconds since the epoch');
/** The highest event position summed in: what the projection has written to the rollup (see `WrittenPositions`). */
const position = z.string();

export const EventCountRowSchema = z.object({ hour, type: z.string(), events: z.number().int(), position });
export const SalesRowSchema = z.object({ hour, currency: z.string(), orders: z.number().int(), revenue: z.number().int(), position });
export const ProductSalesRowSchema = z.object({ hour, product_id: z.string(), currency: z.string(), units: z.number().int(), revenue: z.number().int(), position });
export type EventCountRow = z.infer<typeof EventCountRowSchema>;
export type SalesRow = z.infer<typeof SalesRowSchema>;
export type ProductSalesRow = z.infer<typeof ProductSalesRowSchema>;

/**
 * The facts summed per key, so a batch sends each rollup one row per key. Facts come in position order,
 * so the last one of a key carries the key's highest position. (Runs for every event: no objects made
 * per fact beyond the key.)
 */
function rollUp<Fact extends { readonly position: string }, Row extends { position: string }>(
  facts: readonly Fact[],
  key: (fact: Fact) => string,
  first: (fact: Fact) => Row,
  add: (total: Row, fact: Fact) => void,
): Row[] {
  const totals = new Map<string, Row>();
  for (const fact of facts) {
    const total = totals.get(key(fact));
    if (total === undefined) {
      totals.set(key(fact), first(fact));
    } else {
      add(total, fact);
      total.position = fact.position;
    }
  }
  return [...totals.values()];
}

/** `event_counts_hourly`: events per hour and type. */
export const eventCounts = (facts: readonly EventFact[]): EventCountRow[] =>
  rollUp(
    facts,
    (fact) => `${String(hourOf(fact.occurred_at))} ${fact.type}`,
    (fact) => ({ hour: hourOf(fact.occurred_at), type: fact.type, events: 1, position: fact.position }),
    (total) => {
      total.events += 1;
    },
  );

/** `sales_hourly`: confirmed orders (counted by their first line) and their revenue per hour and currency. */
export const sales = (confirmed: readonly OrderFact[]): SalesRow[] =>
  rollUp(
    confirmed,
    (fact) => `${String(hourOf(fact.occurred_at))} ${fact.currency}`,
    (fact) => ({ hour: hourOf(fact.occurred_at), currency: fact.currency, orders: fact.line === 0 ? 1 : 0, revenue: fact.revenue, position: fact.position }),
    (total, fact) => {
      total.orders += fact.line === 0 ? 1 : 0;
      total.revenue += fact.revenue;
    },
  );

/** `product_sales_hourly`: units and revenue of confirmed lines per hour, product and currency. */
export const productSales = (confirmed: readonly OrderFact[]): ProductSalesRow[] =>
  rollUp(
    confirmed,
    (fact) => `${String(hourOf(fact.occurred_at))} ${fact.product_id} ${fact.currency}`,
    (fact) => ({ hour: hourOf(fact.occurred_at), product_id: fact.product_id, currency: fact.currency, units: fact.units, revenue: fact.revenue, position: fact.position }),
    (total, fact) => {
      total.units += fact.units;
      total.revenue += fact.revenue;
    },
  );
