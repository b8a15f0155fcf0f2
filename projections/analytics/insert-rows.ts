import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import type { AnalyticsRows } from './batch-facts.js';
import { ANALYTICS_TABLES, insertedInto } from './tables.js';
import type { WrittenPositions } from './written-positions.js';

/**
 * A batch's rows, one INSERT per table, side by side. Every insert settles before a failure is thrown:
 * a restart then reads what each table holds, so none may still be under way.
 */
export async function insertRows(clickhouse: ClickHouse, rows: AnalyticsRows, written: WrittenPositions): Promise<void> {
  const inserts = await Promise.allSettled(ANALYTICS_TABLES.map((table) => clickhouse.insert(insertedInto(table), rows[table])));
  const failed = inserts.find((insert) => insert.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  for (const table of ANALYTICS_TABLES) written.wrote(table, rows[table]);
}
