import { z } from 'zod';
import { MoneySchema } from '../../domain/shared/money.js';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { INTERVAL_SECONDS, type Interval, type TimeRange } from './parameters.js';
import { bucketOf, rollupAndFacts } from './rollup-query.js';
import { BucketSchema, bucketTime, WholeNumberSchema } from './row-values.js';

export const SalesSchema = z.object({
  series: z
    .array(z.object({ bucket: BucketSchema, orders: z.number().int().nonnegative(), revenue: MoneySchema }))
    .describe('confirmed orders by the time of their confirmation, one entry per bucket and currency, by bucket; buckets without any are left out'),
});
export type Sales = z.infer<typeof SalesSchema>;

const SalesBucketRowSchema = z.object({ bucket: WholeNumberSchema, currency: z.string(), orders: WholeNumberSchema, revenue: WholeNumberSchema });

export async function salesSeries(clickhouse: ClickHouse, query: TimeRange & { readonly interval: Interval }): Promise<Sales> {
  const size = INTERVAL_SECONDS[query.interval];
  const parts = rollupAndFacts(
    query,
    {
      rollup: (time) => `SELECT ${bucketOf('hour', size)} AS bucket, currency, sumMerge(orders) AS orders, sumMerge(revenue) AS revenue FROM sales_hourly WHERE ${time('hour')} GROUP BY bucket, currency`,
      // An order's first line stands for the order.
      facts: (time) =>
        `SELECT ${bucketOf('occurred_at', size)} AS bucket, currency, countIf(line = 0) AS orders, sum(revenue) AS revenue FROM order_facts WHERE kind = 'confirmed' AND ${time('occurred_at')} GROUP BY bucket, currency`,
    },
    size,
  );
  const rows = await clickhouse.query(`SELECT bucket, currency, sum(orders) AS orders, sum(revenue) AS revenue FROM (${parts}) GROUP BY bucket, currency ORDER BY bucket, currency`, SalesBucketRowSchema);
  return { series: rows.map((row) => ({ bucket: bucketTime(row.bucket), orders: row.orders, revenue: { amount: row.revenue, currency: row.currency } })) };
}
