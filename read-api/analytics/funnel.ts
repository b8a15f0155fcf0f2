import { z } from 'zod';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlStrings } from '../../infra/clickhouse/sql-literals.js';
import type { TimeRange } from './parameters.js';
import { rollupAndFacts } from './rollup-query.js';
import { WholeNumberSchema } from './row-values.js';

export const FunnelSchema = z
  .object({
    views: z.number().int().nonnegative(),
    ordersPlaced: z.number().int().nonnegative(),
    ordersConfirmed: z.number().int().nonnegative(),
    ordersCancelled: z.number().int().nonnegative(),
  })
  .describe('product views, and orders placed, confirmed and cancelled, each counted by when it happened within the range');
export type Funnel = z.infer<typeof FunnelSchema>;

/** The event counted at each step of the funnel. */
const STEPS = { views: 'ProductViewed', ordersPlaced: 'OrderPlaced', ordersConfirmed: 'OrderConfirmed', ordersCancelled: 'OrderCancelled' } as const satisfies Record<keyof Funnel, string>;

const CountRowSchema = z.object({ type: z.string(), events: WholeNumberSchema });

export async function funnel(clickhouse: ClickHouse, range: TimeRange): Promise<Funnel> {
  const types = sqlStrings(Object.values(STEPS));
  const parts = rollupAndFacts(range, {
    rollup: (time) => `SELECT type, sumMerge(events) AS events FROM event_counts_hourly WHERE type IN ${types} AND ${time('hour')} GROUP BY type`,
    facts: (time) => `SELECT type, count() AS events FROM event_facts WHERE type IN ${types} AND ${time('occurred_at')} GROUP BY type`,
  });
  const rows = await clickhouse.query(`SELECT type, sum(events) AS events FROM (${parts}) GROUP BY type`, CountRowSchema);
  const count = (type: string): number => rows.find((row) => row.type === type)?.events ?? 0;
  return { views: count(STEPS.views), ordersPlaced: count(STEPS.ordersPlaced), ordersConfirmed: count(STEPS.ordersConfirmed), ordersCancelled: count(STEPS.ordersCancelled) };
}
