import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { testServices } from './services.js';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServices.postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the real server, so test files never see each other's data. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `shopverse_t_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testServices.postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface EventStoreDatabase {
  readonly url: string;
  readonly db: SqlDatabase;
}

/** Registers hooks giving the calling file a fresh database with the event store's schema. */
export function useEventStoreDatabase(): EventStoreDatabase {
  let database: TestDatabase | undefined;
  let db: SqlDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = openPgDatabase(database.url);
    await migrate(db, eventStoreMigrations);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test database is set up in beforeAll');
    return value;
  };
  return {
    get url() {
      return ready(database).url;
    },
    get db() {
      return ready(db);
    },
  };
}
