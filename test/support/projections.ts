import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase, SqlRow } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../../projections/projection.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { metadata } from './events.js';
import { createTestDatabase } from './postgres.js';

export interface ProjectionFixture {
  readonly db: SqlDatabase;
  /** Applies the events in one transaction, as the runner does with a batch. */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  rows(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
}

/** A fresh real Postgres database with the projection's tables, for the tests of one file. */
export function useProjection(projection: Projection): ProjectionFixture {
  let db: SqlDatabase | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = () => database.drop();
    db = openPgDatabase(database.url);
    await migrate(db, projectionMigrations);
    await installProjectionSchema(db, projection);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });
  const opened = (): SqlDatabase => {
    if (db === undefined) throw new Error('the projection database is not open yet');
    return db;
  };
  return {
    get db() {
      return opened();
    },
    apply: (events) => opened().transaction((tx) => projection.apply(tx, events)),
    rows: async (sql, params) => (await opened().query(sql, params)).rows,
  };
}

let nextPosition = 1_000n;
const revisions = new Map<string, bigint>();

/** A recorded event as the store would hand it to a projection: positions increase across calls, revisions per stream. */
export function recorded(streamId: string, type: string, data: Record<string, unknown>, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  nextPosition += 10n;
  const revision = (revisions.get(streamId) ?? -1n) + 1n;
  revisions.set(streamId, revision);
  return { eventId: randomUUID(), type, streamId, revision, position: nextPosition, recordedAt: new Date(), data, metadata: metadata(), ...overrides };
}
