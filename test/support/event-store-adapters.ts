import { EsdbEventStore } from '../../infra/event-store/esdb/esdb-event-store.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { EsdbEmulator } from './esdb-emulator/emulator.js';
import { createTestDatabase } from './postgres.js';

/** Each adapter's raw store, twice on the same data (as two processes would have), and a Postgres database of the test's own. */
export interface AdapterSubject {
  readonly stores: readonly [EventStore, EventStore];
  /** Migrated for the event store; the read models' database where the event store is EventStoreDB. */
  readonly db: SqlDatabase;
  teardown(): Promise<void>;
}

async function onPostgres(): Promise<AdapterSubject> {
  const database = await createTestDatabase();
  const dbs = [openPgDatabase(database.url), openPgDatabase(database.url)] as const;
  await migrate(dbs[0], eventStoreMigrations);
  const stores = [(await PostgresEventStore.open(dbs[0])).store, (await PostgresEventStore.open(dbs[1], { maxAppendsInFlight: 8 })).store] as const;
  return {
    stores,
    db: dbs[0],
    async teardown() {
      await Promise.all(stores.map((store) => store.close()));
      await Promise.all(dbs.map((db) => db.close()));
      await database.drop();
    },
  };
}

async function onEmulator(): Promise<AdapterSubject> {
  const database = await createTestDatabase();
  const db = openPgDatabase(database.url);
  const emulator = await EsdbEmulator.start();
  const stores = [new EsdbEventStore(emulator.url), new EsdbEventStore(emulator.url)] as const;
  return {
    stores,
    db,
    async teardown() {
      await Promise.all(stores.map((store) => store.close()));
      await emulator.close();
      await db.close();
      await database.drop();
    },
  };
}

/** For tests of what sits on top of the event store port, on both adapters. */
export const eventStoreAdapters: Readonly<Record<string, () => Promise<AdapterSubject>>> = {
  'PostgreSQL (pg)': onPostgres,
  'EventStoreDB adapter on the emulator': onEmulator,
};
