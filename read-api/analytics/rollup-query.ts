import { sqlInteger } from '../../infra/clickhouse/sql-literals.js';
import { HOUR_SECONDS } from '../../projections/analytics/fact-time.js';
import type { TimeRange } from './parameters.js';

/** `[from, to)` on a DateTime column (times as seconds since the epoch, so the server's time zone plays no part). */
export const within = (column: string, range: TimeRange): string =>
  `(${column} >= toDateTime(${sqlInteger(range.from)}) AND ${column} < toDateTime(${sqlInteger(range.to)}))`;

/** The start of the bucket a DateTime falls in, as seconds since the epoch (UTC, whatever the server's zone). */
export const bucketOf = (column: string, seconds: number): string => `intDiv(toUInt32(${column}), ${sqlInteger(seconds)}) * ${sqlInteger(seconds)}`;

/** One SELECT over a table, given the condition on its time column. */
export type Select = (condition: (column: string) => string) => string;

/**
 * The rows of a range as the union of an hourly rollup (for the whole hours in it) and the facts (for
 * the parts of hours at either end; for all of it when the buckets are shorter than hours): the
 * dashboards then read a few rows per hour rather than every fact. The caller adds the parts up (their
 * columns must match).
 */
export function rollupAndFacts(range: TimeRange, parts: { rollup: Select; facts: Select }, bucketSeconds = HOUR_SECONDS): string {
  const wholeFrom = Math.ceil(range.from / HOUR_SECONDS) * HOUR_SECONDS;
  const wholeTo = Math.floor(range.to / HOUR_SECONDS) * HOUR_SECONDS;
  if (bucketSeconds % HOUR_SECONDS !== 0 || wholeFrom >= wholeTo) return parts.facts((column) => within(column, range));
  const edges = [
    { from: range.from, to: wholeFrom },
    { from: wholeTo, to: range.to },
  ].filter((edge) => edge.from < edge.to);
  const rollup = parts.rollup((column) => within(column, { from: wholeFrom, to: wholeTo }));
  if (edges.length === 0) return rollup;
  return `${rollup} UNION ALL ${parts.facts((column) => `(${edges.map((edge) => within(column, edge)).join(' OR ')})`)}`;
}
