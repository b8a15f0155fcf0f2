import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

const CheckpointRowsSchema = z.array(z.object({ name: z.string(), position: z.string() }));
/** How often a waiting query looks at the checkpoints when the projection runs in another process. */
const POLL_MS = 25;

/**
 * How far each read model has got (its projection's checkpoint), for read-your-writes: a query can
 * wait until the read model it reads has processed a command's position. A runner in this process
 * announces its commits, so waiters wake at once; otherwise they poll the checkpoints.
 */
export class ReadModelPositions {
  private readonly advanced = new EventEmitter();

  constructor(private readonly db: SqlExecutor) {
    this.advanced.setMaxListeners(0);
  }

  /** Called by a runner after it committed a batch. */
  announce(projection: string, position: bigint): void {
    this.advanced.emit('advanced', projection, position);
  }

  /** The lowest checkpoint among these projections (-1 when one has processed nothing). */
  async positionOf(projections: readonly string[]): Promise<bigint> {
    const { rows } = await this.db.query('SELECT name, position::text AS position FROM projection_checkpoints WHERE name = ANY($1::text[])', [[...projections]]);
    const found = new Map(CheckpointRowsSchema.parse(rows).map((row) => [row.name, BigInt(row.position)]));
    return projections.reduce((lowest, name) => {
      const position = found.get(name) ?? -1n;
      return position < lowest ? position : lowest;
    }, BigInt(Number.MAX_SAFE_INTEGER) ** 2n);
  }

  /** Waits until every one of these projections has processed `position`; the position reached, or undefined on timeout. */
  async waitFor(projections: readonly string[], position: bigint, timeoutMs: number): Promise<bigint | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.positionOf(projections);
      if (reached >= position) return reached;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.advanced.off('advanced', onAdvanced);
          resolve();
        };
        const onAdvanced = (name: string, at: bigint): void => {
          if (projections.includes(name) && at >= position) wake();
        };
        const timer = setTimeout(wake, Math.min(POLL_MS, left));
        this.advanced.on('advanced', onAdvanced);
      });
    }
  }
}
