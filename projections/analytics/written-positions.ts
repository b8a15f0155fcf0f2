import { z } from 'zod';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlIdentifier, sqlString } from '../../infra/clickhouse/sql-literals.js';
import { NOTHING_PROCESSED } from '../runner/checkpoints.js';
import { ANALYTICS_TABLES, isRollup, type AnalyticsTable } from './tables.js';

const WrittenRowSchema = z.object({ name: z.enum(ANALYTICS_TABLES), rows: z.coerce.number(), position: z.coerce.bigint() });

/**
 * The highest event position written to each table. Each table gets one INSERT per batch, which
 * ClickHouse stores whole or not at all, in position order: so a table holds the rows of every event
 * up to its position, and none after. Events re-delivered (after a crash between the facts and the
 * checkpoint, or in a replay from an older checkpoint) are written only where they are missing, so
 * nothing is ever counted twice, also not in the rollups' sums. Read from ClickHouse on every (re)start.
 */
export class WrittenPositions {
  private constructor(private readonly positions: Map<AnalyticsTable, bigint>) {}

  static async read(clickhouse: ClickHouse): Promise<WrittenPositions> {
    const highest = (table: AnalyticsTable): string =>
      `SELECT ${sqlString(table)} AS name, count() AS rows, ${isRollup(table) ? 'maxMerge(position)' : 'max(position)'} AS position FROM ${sqlIdentifier(table)}`;
    const rows = await clickhouse.query(ANALYTICS_TABLES.map(highest).join(' UNION ALL '), WrittenRowSchema);
    return new WrittenPositions(new Map(rows.map((row) => [row.name, row.rows === 0 ? NOTHING_PROCESSED : row.position])));
  }

  /** Whether the table still lacks what the event at this position writes there. */
  lacks(table: AnalyticsTable, position: bigint): boolean {
    return position > this.of(table);
  }

  /** Events at or below this position are in every table already. */
  lowest(): bigint {
    return ANALYTICS_TABLES.map((table) => this.of(table)).reduce((lowest, position) => (position < lowest ? position : lowest));
  }

  /** After an INSERT of these rows into the table. */
  wrote(table: AnalyticsTable, rows: readonly { readonly position: string }[]): void {
    for (const row of rows) {
      const position = BigInt(row.position);
      if (position > this.of(table)) this.positions.set(table, position);
    }
  }

  private of(table: AnalyticsTable): bigint {
    return this.positions.get(table) ?? NOTHING_PROCESSED;
  }
}
