import { sqlIdentifier } from '../../infra/clickhouse/sql-literals.js';

/** The analytics projection's name: its lease, its checkpoint row, its logs. */
export const ANALYTICS_PROJECTION = 'analytics';

/** The facts, one row per event or order line, each row carrying the position of its event. */
export const FACT_TABLES = ['event_facts', 'order_facts', 'order_lines', 'product_views'] as const;
export type FactTable = (typeof FACT_TABLES)[number];

/** Hourly sums the dashboards read for whole hours (written through `<name>_input`, see `rollupStatements`). */
export const ROLLUPS = ['event_counts_hourly', 'sales_hourly', 'product_sales_hourly'] as const;
export type Rollup = (typeof ROLLUPS)[number];

export type AnalyticsTable = FactTable | Rollup;
export const ANALYTICS_TABLES: readonly AnalyticsTable[] = [...FACT_TABLES, ...ROLLUPS];

export const CHECKPOINT_TABLE = 'checkpoints';

export const isRollup = (table: AnalyticsTable): table is Rollup => (ROLLUPS as readonly string[]).includes(table);

/** Where a batch's rows for the table go: a rollup's into its Null input table, whose materialized view sums them in. */
export const insertedInto = (table: AnalyticsTable): string => (isRollup(table) ? `${table}_input` : table);

type Columns = readonly (readonly [name: string, type: string])[];

const columnList = (columns: Columns): string => columns.map(([name, type]) => `${name} ${type}`).join(', ');
const names = (columns: Columns): string => columns.map(([name]) => name).join(', ');

/**
 * A rollup in three parts, so that one INSERT writes it whole (one part, or nothing): rows go into a
 * Null table; its materialized view sums them per key into an AggregatingMergeTree, along with the
 * highest event position summed in (what the projection has written there).
 */
function rollupStatements(database: string, rollup: Rollup, keys: Columns, sums: Columns): string[] {
  const table = `${sqlIdentifier(database)}.${sqlIdentifier(rollup)}`;
  const input = `${sqlIdentifier(database)}.${sqlIdentifier(insertedInto(rollup))}`;
  const view = `${sqlIdentifier(database)}.${sqlIdentifier(`${rollup}_mv`)}`;
  const summed = sums.map(([name, type]) => [name, `AggregateFunction(sum, ${type})`] as const);
  return [
    `CREATE TABLE IF NOT EXISTS ${input} (${columnList([...keys, ...sums, ['position', 'Int64']])}) ENGINE = Null`,
    `CREATE TABLE IF NOT EXISTS ${table} (${columnList([...keys, ...summed, ['position', 'AggregateFunction(max, Int64)']])}) ENGINE = AggregatingMergeTree() ORDER BY (${names(keys)})`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${view} TO ${table} AS SELECT ${names(keys)}, ${sums.map(([name]) => `sumState(${name}) AS ${name}`).join(', ')}, maxState(position) AS position FROM ${input} GROUP BY ${names(keys)}`,
  ];
}

const UTC = "DateTime('UTC')";

/**
 * The analytics schema, for ClickHouse 18.16 and current releases alike: times are DateTime in UTC
 * (seconds; no DateTime64 there), money Int64 minor units, positions Int64. Fact tables are
 * ReplacingMergeTree keyed by the fact's id (its event id, and line), without partitions, so that one
 * INSERT is one part: written whole or not at all.
 */
export function analyticsSchema(database: string): string[] {
  const table = (name: string): string => `${sqlIdentifier(database)}.${sqlIdentifier(name)}`;
  const hour: readonly [string, string] = ['hour', UTC];
  return [
    `CREATE TABLE IF NOT EXISTS ${table('event_facts')} (event_id String, type String, stream_category String, stream_id String, order_id String, product_id String,` +
      ` customer_id String, actor_id String, correlation_id String, occurred_at ${UTC}, recorded_at ${UTC}, position Int64)` +
      ' ENGINE = ReplacingMergeTree() ORDER BY (occurred_at, type, event_id)',
    `CREATE TABLE IF NOT EXISTS ${table('order_facts')} (kind Enum8('confirmed' = 1, 'cancelled' = 2, 'refunded' = 3), event_id String, line UInt16, order_id String,` +
      ` customer_id String, product_id String, units UInt32, revenue Int64, currency String, occurred_at ${UTC}, position Int64)` +
      ' ENGINE = ReplacingMergeTree() ORDER BY (kind, occurred_at, event_id, line)',
    `CREATE TABLE IF NOT EXISTS ${table('order_lines')} (order_id String, line UInt16, customer_id String, product_id String, units UInt32, revenue Int64, currency String, position Int64)` +
      ' ENGINE = ReplacingMergeTree() ORDER BY (order_id, line)',
    `CREATE TABLE IF NOT EXISTS ${table('product_views')} (event_id String, product_id String, session_id String, user_id String, viewed_at ${UTC}, position Int64)` +
      ' ENGINE = ReplacingMergeTree() ORDER BY (viewed_at, event_id)',
    ...rollupStatements(database, 'event_counts_hourly', [hour, ['type', 'String']], [['events', 'UInt64']]),
    ...rollupStatements(database, 'sales_hourly', [hour, ['currency', 'String']], [['orders', 'UInt64'], ['revenue', 'Int64']]),
    ...rollupStatements(database, 'product_sales_hourly', [hour, ['product_id', 'String'], ['currency', 'String']], [['units', 'UInt64'], ['revenue', 'Int64']]),
    `CREATE TABLE IF NOT EXISTS ${table(CHECKPOINT_TABLE)} (projection String, position Int64, version UInt64, written_at ${UTC}) ENGINE = ReplacingMergeTree(version) ORDER BY projection`,
  ];
}
