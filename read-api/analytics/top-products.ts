import { z } from 'zod';
import { MoneySchema } from '../../domain/shared/money.js';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlInteger } from '../../infra/clickhouse/sql-literals.js';
import type { TimeRange } from './parameters.js';
import { rollupAndFacts } from './rollup-query.js';
import { WholeNumberSchema } from './row-values.js';

export const TopProductsSchema = z.object({
  items: z
    .array(z.object({ productId: z.string(), units: z.number().int().nonnegative(), revenue: MoneySchema }))
    .describe('products by units sold in confirmed orders (then by revenue), one entry per product and currency'),
});
export type TopProducts = z.infer<typeof TopProductsSchema>;

const ProductRowSchema = z.object({ product_id: z.string(), currency: z.string(), units: WholeNumberSchema, revenue: WholeNumberSchema });

export async function topProducts(clickhouse: ClickHouse, query: TimeRange & { readonly limit: number }): Promise<TopProducts> {
  const parts = rollupAndFacts(query, {
    rollup: (time) => `SELECT product_id, currency, sumMerge(units) AS units, sumMerge(revenue) AS revenue FROM product_sales_hourly WHERE ${time('hour')} GROUP BY product_id, currency`,
    facts: (time) =>
      `SELECT product_id, currency, sum(toUInt64(units)) AS units, sum(revenue) AS revenue FROM order_facts WHERE kind = 'confirmed' AND ${time('occurred_at')} GROUP BY product_id, currency`,
  });
  const rows = await clickhouse.query(
    `SELECT product_id, currency, sum(units) AS units, sum(revenue) AS revenue FROM (${parts}) GROUP BY product_id, currency ORDER BY units DESC, revenue DESC, product_id, currency LIMIT ${sqlInteger(query.limit)}`,
    ProductRowSchema,
  );
  return { items: rows.map((row) => ({ productId: row.product_id, units: row.units, revenue: { amount: row.revenue, currency: row.currency } })) };
}
