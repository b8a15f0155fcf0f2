import { z } from 'zod';
import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';
import { readCheckpoint } from './checkpoints.js';
import { ShadowReadModels, type RebuildOptions } from './rebuild.js';

/** Where a live read model differs from one rebuilt from the history. */
export type ReadModelDifference =
  | { readonly kind: 'row'; readonly projection: string; readonly table: string; readonly only: 'live' | 'rebuilt'; readonly row: unknown }
  | { readonly kind: 'behind'; readonly projection: string; readonly checkpoint: string; readonly position: string }
  | { readonly kind: 'rebuild-failed'; readonly projection: string; readonly error: string };

/** Rows a table shows at most per side: enough to see what is wrong. */
const ROWS_SHOWN = 50;
const ColumnRowsSchema = z.array(z.object({ column_name: z.string() }));
const DifferenceRowsSchema = z.array(z.object({ only: z.enum(['live', 'rebuilt']), row: z.unknown() }));

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The rows one side has and the other has not (multisets: a duplicated row counts). */
async function tableDifferences(tx: SqlExecutor, projection: Projection, table: string, shadow: string): Promise<ReadModelDifference[]> {
  const columns = ColumnRowsSchema.parse(
    (await tx.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [shadow, table])).rows,
  )
    .map(({ column_name: name }) => quoted(name))
    .join(', ');
  const live = `SELECT ${columns} FROM public.${quoted(table)}`;
  const rebuilt = `SELECT ${columns} FROM ${quoted(shadow)}.${quoted(table)}`;
  const { rows } = await tx.query(
    `(SELECT 'live' AS only, to_jsonb(d) AS row FROM (${live} EXCEPT ALL ${rebuilt}) d LIMIT ${String(ROWS_SHOWN)})
     UNION ALL
     (SELECT 'rebuilt' AS only, to_jsonb(d) AS row FROM (${rebuilt} EXCEPT ALL ${live}) d LIMIT ${String(ROWS_SHOWN)})`,
  );
  return DifferenceRowsSchema.parse(rows).map(({ only, row }) => ({ kind: 'row', projection: projection.name, table, only, row }));
}

/**
 * Rebuilds the read models from the whole history into shadow tables and compares them with the live
 * ones, each at the same position: the live read model's checkpoint is held (its runner waits) while
 * its tables are compared; one that got further is caught up with, one that lags is waited for (at
 * most `waitMs`, then reported behind). The shadow tables are dropped afterwards.
 */
export async function compareWithRebuild(db: SqlDatabase, store: EventStore, projections: readonly Projection[], options: RebuildOptions & { readonly waitMs?: number } = {}): Promise<ReadModelDifference[]> {
  const shadow = await ShadowReadModels.create(db, store, projections, 'verify', options);
  try {
    try {
      await shadow.catchUp();
    } catch (error) {
      return projections.map((projection) => ({ kind: 'rebuild-failed', projection: projection.name, error: error instanceof Error ? error.message : String(error) }));
    }
    const differences: ReadModelDifference[] = [];
    for (const projection of projections) {
      const deadline = Date.now() + (options.waitMs ?? 10_000);
      for (;;) {
        const outcome = await db.transaction(async (tx) => {
          const live = await readCheckpoint(tx, projection.name, { forUpdate: true });
          const { position } = shadow.reached;
          if (live !== position) return { live, position };
          const found: ReadModelDifference[] = [];
          for (const table of projection.tables) found.push(...(await tableDifferences(tx, projection, table, shadow.schemaOf(projection))));
          return found;
        });
        if (Array.isArray(outcome)) {
          differences.push(...outcome);
          break;
        }
        if (outcome.live > outcome.position) {
          await shadow.catchUp();
        } else if (Date.now() > deadline) {
          differences.push({ kind: 'behind', projection: projection.name, checkpoint: outcome.live.toString(), position: outcome.position.toString() });
          break;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
    return differences;
  } finally {
    await shadow.drop();
  }
}
