import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { sqlStateOf } from '../../infra/postgres/errors.js';
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

async function headPosition(store: EventStore): Promise<bigint> {
  const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
  return last?.position ?? NOTHING_PROCESSED;
}

/**
 * Read models built from the whole history into tables of their own (a schema each, named after
 * `purpose`), beside the live ones, which keep answering. Leftovers of an earlier run for the same
 * purpose that stopped half-way are dropped first.
 */
export class ShadowReadModels {
  private position = NOTHING_PROCESSED;
  private events = 0;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly store: EventStore,
    private readonly schemas: ReadonlyMap<Projection, string>,
    private readonly head: bigint,
    private readonly options: RebuildOptions,
  ) {}

  static async create(db: SqlDatabase, store: EventStore, projections: readonly Projection[], purpose: 'rebuild' | 'verify', options: RebuildOptions = {}): Promise<ShadowReadModels> {
    const schemas = new Map<Projection, string>();
    for (const projection of projections) {
      const prefix = `${purpose}_${projection.name}_`;
      const { rows } = await db.query('SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, $1)', [prefix]);
      for (const { schema_name: leftover } of SchemaRowsSchema.parse(rows)) await db.exec(`DROP SCHEMA IF EXISTS ${leftover} CASCADE`);
      const schema = `${prefix}${randomBytes(4).toString('hex')}`;
      await installProjectionSchema(db, projection, schema);
      schemas.set(projection, schema);
    }
    return new ShadowReadModels(db, store, schemas, await headPosition(store), options);
  }

  /** The position of the last event applied, and how many were. */
  get reached(): { readonly position: bigint; readonly events: number } {
    return { position: this.position, events: this.events };
  }

  schemaOf(projection: Projection): string {
    const schema = this.schemas.get(projection);
    if (schema === undefined) throw new Error(`no shadow tables of ${projection.name}`);
    return schema;
  }

  /** Applies every event after the last one applied, up to the store's head. */
  async catchUp(): Promise<void> {
    const batchSize = this.options.batchSize ?? 5_000;
    const readPage = (after: bigint): Promise<RecordedEvent[]> => this.store.readAll({ fromPosition: after === NOTHING_PROCESSED ? 'start' : after + 1n, maxCount: batchSize });
    let next = readPage(this.position);
    for (;;) {
      const page = await next;
      const last = page.at(-1);
      if (last === undefined) return;
      // Read the next page while this one is applied: reading and folding take about as long.
      next = readPage(last.position);
      next.catch(() => undefined);
      await this.apply(page);
      this.position = last.position;
      this.events += page.length;
      this.options.onProgress?.({ events: this.events, position: this.position, head: this.head });
    }
  }

  /** Drops the shadow tables (giving way to queries still reading them). */
  async drop(): Promise<void> {
    for (const [projection, schema] of this.schemas) await dropSchema(this.db, schema, projection);
  }

  // Each read model in a transaction of its own, side by side: the tables being built are nobody
  // else's, and a build that stops half-way starts again from scratch anyway.
  private async apply(page: readonly RecordedEvent[]): Promise<void> {
    await Promise.all(
      [...this.schemas].map(([projection, schema]) =>
        this.db.transaction(async (tx) => {
          await useSchema(tx, schema);
          await projection.apply(tx, page);
        }),
      ),
    );
  }
}

/**
 * Rebuilds read models from the whole history into fresh tables (a schema of their own) while the
 * live ones keep answering, then swaps them in at once. The live runner may keep running meanwhile:
 * the swap waits for its batch in flight (the checkpoint row's lock) and takes over the checkpoint;
 * should the live model have got further than the rebuild, the rebuild catches up and tries again.
 */
export async function rebuildProjections(db: SqlDatabase, store: EventStore, projections: readonly Projection[], options: RebuildOptions = {}): Promise<{ events: number; position: bigint }> {
  const shadow = await ShadowReadModels.create(db, store, projections, 'rebuild', options);
  await shadow.catchUp();
  const pending = new Set(projections);
  while (pending.size > 0) {
    for (const projection of [...pending]) {
      if (await swapIn(db, projection, shadow.schemaOf(projection), shadow.reached.position)) pending.delete(projection);
    }
    if (pending.size > 0) await shadow.catchUp();
  }
  return shadow.reached;
}

/** Postgres's code for a lock not granted (NOWAIT). */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a swap keeps trying to find a moment when no query holds the tables. */
const SWAP_PATIENCE_MS = 60_000;

const isLockRefused = (error: unknown): boolean => sqlStateOf(error) === LOCK_NOT_AVAILABLE;

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
