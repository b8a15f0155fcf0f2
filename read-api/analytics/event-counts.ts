import { z } from 'zod';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { INTERVAL_SECONDS, type Interval, type TimeRange } from './parameters.js';
import { bucketOf, rollupAndFacts } from './rollup-query.js';
import { BucketSchema, bucketTime, WholeNumberSchema } from './row-values.js';

export const EventCountsSchema = z.object({
  series: z
    .array(
      z.object({
        bucket: BucketSchema,
        total: z.number().int().nonnegative().describe('events of every type in the bucket'),
        types: z.array(z.object({ type: z.string(), count: z.number().int().nonnegative() })).describe('by type name'),
      }),
    )
    .describe('events by the time they happened, by bucket; buckets without events are left out'),
});
export type EventCounts = z.infer<typeof EventCountsSchema>;

/**
 * A bucket a row, its types and their counts in two arrays in the same order: a long series comes
 * back as few rows (cheaper to send and read than a row per type), and arrays of plain values are
 * cheaper to check than arrays of pairs (a third of a whole-history hourly series' time went there).
 */
const BucketRowSchema = z.object({ bucket: WholeNumberSchema, total: WholeNumberSchema, types: z.array(z.string()), counts: z.array(WholeNumberSchema) });

export async function eventCounts(clickhouse: ClickHouse, query: TimeRange & { readonly interval: Interval }): Promise<EventCounts> {
  const size = INTERVAL_SECONDS[query.interval];
  const parts = rollupAndFacts(
    query,
    {
      rollup: (time) => `SELECT ${bucketOf('hour', size)} AS bucket, type, sumMerge(events) AS events FROM event_counts_hourly WHERE ${time('hour')} GROUP BY bucket, type`,
      facts: (time) => `SELECT ${bucketOf('occurred_at', size)} AS bucket, type, count() AS events FROM event_facts WHERE ${time('occurred_at')} GROUP BY bucket, type`,
    },
    size,
  );
  const rows = await clickhouse.query(
    `SELECT bucket, sum(events) AS total, arraySort(groupArray(type)) AS types, arraySort((count, type) -> type, groupArray(events), groupArray(type)) AS counts
       FROM (SELECT bucket, type, sum(events) AS events FROM (${parts}) GROUP BY bucket, type) GROUP BY bucket ORDER BY bucket`,
    BucketRowSchema,
  );
  const series = rows.map((row) => ({ bucket: bucketTime(row.bucket), total: row.total, types: row.types.map((type, index) => ({ type, count: row.counts[index] ?? 0 })) }));
  return { series };
}
