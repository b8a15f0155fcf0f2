import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { NOTHING_PROCESSED } from './checkpoints.js';
import { BACKLOG_CAP, backlogsAt, type Backlog, type BacklogAfter } from './event-backlog.js';

const CheckpointRowsSchema = z.array(z.object({ name: z.string(), position: z.string() }));

/** Each projection's backlog after its checkpoint. */
async function backlogs(db: SqlExecutor, names: readonly string[], backlogAfter: BacklogAfter): Promise<Map<string, Backlog>> {
  const { rows } = await db.query('SELECT name, position::text AS position FROM projection_checkpoints WHERE name = ANY($1::text[])', [names]);
  const checkpoints = CheckpointRowsSchema.parse(rows);
  // No checkpoint row yet: the projection never ran, the whole history waits.
  return backlogsAt(new Map(names.map((name) => [name, BigInt(checkpoints.find((row) => row.name === name)?.position ?? NOTHING_PROCESSED)])), backlogAfter);
}

/**
 * `shopverse_projection_lag_events{projection}` (events of `$all` after its checkpoint, counted up to
 * `BACKLOG_CAP`) and `shopverse_projection_lag_seconds{projection}` (since the oldest of them was
 * recorded; 0 when caught up), computed when Prometheus scrapes from the checkpoints in the shared
 * database: every process reports the same figures, whichever process runs the projection (or none
 * does). A database or event store that is down leaves both empty for that scrape, not `/metrics`.
 */
export function registerProjectionLag(registry: Registry, db: SqlExecutor, names: readonly string[], backlogAfter: BacklogAfter, logger: Logger): void {
  // Both gauges are collected in the same scrape: one reading serves the two.
  let reading: Promise<Map<string, Backlog>> | undefined;
  const read = () =>
    (reading ??= backlogs(db, names, backlogAfter)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'projection lag unknown: its metrics are left out of this scrape');
        return new Map<string, Backlog>();
      })
      .finally(() => {
        reading = undefined;
      }));
  new Gauge({
    name: 'shopverse_projection_lag_events',
    help: `Events of $all a projection has still to process (after its checkpoint), counted up to ${String(BACKLOG_CAP)}`,
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [projection, { events }] of await read()) this.set({ projection }, events);
    },
  });
  new Gauge({
    name: 'shopverse_projection_lag_seconds',
    help: 'Age of the oldest event a projection has still to process; 0 when it is caught up',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const [projection, { oldestRecordedAt }] of await read()) this.set({ projection }, oldestRecordedAt === undefined ? 0 : Math.max(0, now - oldestRecordedAt.getTime()) / 1_000);
    },
  });
}
