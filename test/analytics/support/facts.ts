import { z } from 'zod';
import type { ClickHouse } from '../../../infra/clickhouse/clickhouse.js';

const CountSchema = z.object({ rows: z.coerce.number(), distinct: z.coerce.number() });
const SumSchema = z.object({ total: z.coerce.number() });

/** Each fact table's row count with its count of distinct fact ids, and each rollup's total. */
export async function factCounts(clickhouse: ClickHouse): Promise<Record<string, number>> {
  const rows = async (table: string, key: string): Promise<z.infer<typeof CountSchema>> => {
    const [counted] = await clickhouse.query(`SELECT count() AS rows, uniqExact(${key}) AS distinct FROM ${table}`, CountSchema);
    if (counted === undefined) throw new Error(`no count of ${table}`);
    return counted;
  };
  const total = async (sql: string): Promise<number> => (await clickhouse.query(sql, SumSchema))[0]?.total ?? Number.NaN;
  const counts: Record<string, number> = {};
  for (const [table, key] of [
    ['event_facts', 'event_id'],
    ['order_facts', 'event_id, line'],
    ['order_lines', 'order_id, line'],
    ['product_views', 'event_id'],
  ] as const) {
    const { rows: all, distinct } = await rows(table, key);
    counts[table] = all;
    counts[`${table} (distinct)`] = distinct;
  }
  counts['event_counts_hourly'] = await total('SELECT sumMerge(events) AS total FROM event_counts_hourly');
  counts['sales_hourly orders'] = await total('SELECT sumMerge(orders) AS total FROM sales_hourly');
  counts['sales_hourly revenue'] = await total('SELECT sumMerge(revenue) AS total FROM sales_hourly');
  counts['product_sales_hourly units'] = await total('SELECT sumMerge(units) AS total FROM product_sales_hourly');
  return counts;
}
