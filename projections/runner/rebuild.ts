import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';
import { NOTHING_PROCESSED, readCheckpoint, writeCheckpoint } from './checkpoints.js';
import { installProjectionSchema, useSchema } from './schema.js';

const SchemaRowsSchema = z.array(z.object({ schema_name: z.string() }));

export interface RebuildProgress {
  readonly events: number;
  readonly position: bigint;
  /** The store's last position when the rebuild started, to show how far it has come. */
  readonly head: bigint;
}

export interface RebuildOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

const schemaPrefix = (projection: Projection): string => `rebuild_${projection.name}_`;

async function dropLeftovers(db: SqlDatabase, projection: Projection): Promise<void> {
  const { rows } = await db.query('SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, $1)', [schemaPrefix(projection)]);
  for (const { schema_name: schema } of SchemaRowsSchema.parse(rows)) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

async function headPosition(store: EventStore): Promise<bigint> {
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  return last?.position ?? NOTHING_PROCESSED;
}

/**
 * Rebuilds read models from the whole history into fresh tables (a schema of their own) while the
 * live ones keep answering, then swaps them in at once. The live runner may keep running meanwhile:
 * the swap waits for its batch in flight (the checkpoint row's lock) and takes over the checkpoint;
 * should the live model have got further than the rebuild, the rebuild catches up and tries again.
 */
export async function rebuildProjections(db: SqlDatabase, store: EventStore, projections: readonly Projection[], options: RebuildOptions = {}): Promise<{ events: number; position: bigint }> {
  const batchSize = options.batchSize ?? 5_000;
  const schemas = new Map<Projection, string>();
  for (const projection of projections) {
    await dropLeftovers(db, projection);
    const schema = `${schemaPrefix(projection)}${randomBytes(4).toString('hex')}`;
    await installProjectionSchema(db, projection, schema);
    schemas.set(projection, schema);
  }
  const head = await headPosition(store);
  let position = NOTHING_PROCESSED;
  let events = 0;
  // Each read model in a transaction of its own, side by side: the tables being built are nobody
  // else's, and a rebuild that stops half-way starts again from scratch anyway.
  const applyPage = async (page: readonly RecordedEvent[]): Promise<void> => {
    await Promise.all(
      [...schemas].map(([projection, schema]) =>
        db.transaction(async (tx) => {
          await useSchema(tx, schema);
          await projection.apply(tx, page);
        }),
      ),
    );
  };
  const readPage = (after: bigint): Promise<RecordedEvent[]> => store.readAll({ fromPosition: after === NOTHING_PROCESSED ? 'start' : after + 1n, maxCount: batchSize });
  const catchUp = async (): Promise<void> => {
    let next = readPage(position);
    for (;;) {
      const page = await next;
      const last = page.at(-1);
      if (last === undefined) return;
      // Read the next page while this one is applied: reading and folding take about as long.
      next = readPage(last.position);
      next.catch(() => undefined);
      await applyPage(page);
      position = last.position;
      events += page.length;
      options.onProgress?.({ events, position, head });
    }
  };
  await catchUp();
  const pending = new Set(projections);
  while (pending.size > 0) {
    for (const projection of [...pending]) {
      if (await swapIn(db, projection, schemas.get(projection) ?? '', position)) pending.delete(projection);
    }
    if (pending.size > 0) await catchUp();
  }
  return { events, position };
}

/** Postgres's code for a lock not granted (NOWAIT). */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a swap keeps trying to find a moment when no query holds the tables. */
const SWAP_PATIENCE_MS = 60_000;

const isLockRefused = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE;

/**
 * Runs `work` in a transaction that first takes these tables for itself, without waiting: waiting
 * for one table while holding another would deadlock with a query that holds the second and waits
 * for the first. Refused, it steps back and tries again a moment later.
 */
async function withTablesToItself<T>(db: SqlDatabase, tables: readonly string[], work: (tx: SqlExecutor) => Promise<T>, lockFirst?: (tx: SqlExecutor) => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + SWAP_PATIENCE_MS;
  for (;;) {
    try {
      return await db.transaction(async (tx) => {
        await lockFirst?.(tx);
        const { rows } = await tx.query('SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL', [[...tables]]);
        const existing = rows.map((row) => String(row.t));
        if (existing.length > 0) await tx.query(`LOCK TABLE ${existing.join(', ')} IN ACCESS EXCLUSIVE MODE NOWAIT`);
        return await work(tx);
      });
    } catch (error) {
      if (!isLockRefused(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

/** Swaps the rebuilt tables in unless the live read model has already got past `position`. */
async function swapIn(db: SqlDatabase, projection: Projection, schema: string, position: bigint): Promise<boolean> {
  const retired = `retired_${projection.name}_${randomBytes(4).toString('hex')}`;
  const swapped = await withTablesToItself(
    db,
    projection.tables.map((table) => `public.${table}`),
    async (tx) => {
      const live = await readCheckpoint(tx, projection.name, { forUpdate: true });
      if (live > position) return false;
      await tx.query(`CREATE SCHEMA ${retired}`);
      for (const table of projection.tables) {
        await tx.query(`ALTER TABLE IF EXISTS public.${table} SET SCHEMA ${retired}`);
        await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
      }
      await writeCheckpoint(tx, projection.name, position);
      return true;
    },
    // The checkpoint before the tables: a live runner's batch takes it first too, then writes the tables.
    (tx) => readCheckpoint(tx, projection.name, { forUpdate: true }),
  );
  if (swapped) {
    await dropSchema(db, retired, projection);
    await dropSchema(db, schema, projection);
  }
  return swapped;
}

/** Drops a schema of the projection's tables, giving way to queries still reading them as the swap does. */
async function dropSchema(db: SqlDatabase, schema: string, projection: Projection): Promise<void> {
  await withTablesToItself(
    db,
    projection.tables.map((table) => `${schema}.${table}`),
    (tx) => tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  );
}
