import { z } from 'zod';
import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlString } from '../../infra/clickhouse/sql-literals.js';
import { NOTHING_PROCESSED } from '../runner/checkpoints.js';
import { CHECKPOINT_TABLE } from './tables.js';
import { epochSeconds } from './fact-time.js';

const CheckpointRowSchema = z.object({ rows: z.coerce.number(), position: z.coerce.bigint(), latest: z.coerce.number() });

/**
 * A projection's checkpoint kept with its data in ClickHouse (a ReplacingMergeTree row per write; the
 * highest version counts), written after the facts of a batch. Versions are milliseconds, kept
 * increasing within a process, so a checkpoint set back (for a replay) wins over the older ones.
 */
export class ClickHouseCheckpoint {
  private version = 0;

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly projection: string,
  ) {}

  /** The position written last; -1 when none was. */
  async read(): Promise<bigint> {
    const [row] = await this.clickhouse.query(
      `SELECT count() AS rows, argMax(position, version) AS position, max(version) AS latest FROM ${CHECKPOINT_TABLE} WHERE projection = ${sqlString(this.projection)}`,
      CheckpointRowSchema,
    );
    if (row === undefined || row.rows === 0) return NOTHING_PROCESSED;
    this.version = Math.max(this.version, row.latest);
    return row.position;
  }

  async write(position: bigint): Promise<void> {
    const now = Date.now();
    this.version = Math.max(now, this.version + 1);
    await this.clickhouse.insert(CHECKPOINT_TABLE, [{ projection: this.projection, position: position.toString(), version: this.version, written_at: epochSeconds(now) }]);
  }
}
