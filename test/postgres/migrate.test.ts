import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import type { MigrationSet } from '../../infra/postgres/migrations/migration.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { openPgliteDatabase } from '../../infra/postgres/pglite-database.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const widgets: MigrationSet = {
  component: 'widgets',
  migrations: [
    { version: 2, name: 'widget colour', sql: 'ALTER TABLE widgets ADD COLUMN colour text' },
    { version: 1, name: 'widgets', sql: 'CREATE TABLE widgets (id int PRIMARY KEY)' },
  ],
};

describe('migrations on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('apply once, in version order, and are a no-op the second time', async () => {
    const db = openPgDatabase(database.url);
    try {
      expect(await migrate(db, eventStoreMigrations)).toEqual([1]);
      expect(await migrate(db, eventStoreMigrations)).toEqual([]);
      expect(await migrate(db, widgets)).toEqual([1, 2]);
      expect(await migrate(db, widgets)).toEqual([]);
      const { rows } = await db.query('SELECT component, version FROM schema_migrations ORDER BY component, version');
      expect(rows).toEqual([
        { component: 'event-store', version: 1 },
        { component: 'widgets', version: 1 },
        { component: 'widgets', version: 2 },
      ]);
      await db.query("INSERT INTO widgets (id, colour) VALUES (1, 'red')");
    } finally {
      await db.close();
    }
  });

  it('several processes starting at once apply each migration exactly once', async () => {
    const fresh = await createTestDatabase();
    const pools = Array.from({ length: 4 }, () => openPgDatabase(fresh.url, { maxConnections: 2 }));
    try {
      const applied = await Promise.all(pools.map((db) => migrate(db, eventStoreMigrations)));
      expect(applied.flat()).toEqual([1]);
    } finally {
      await Promise.all(pools.map((db) => db.close()));
      await fresh.drop();
    }
  });

  it('a failing migration leaves nothing behind, not even the ones before it in that run', async () => {
    const fresh = await createTestDatabase();
    const db = openPgDatabase(fresh.url);
    try {
      const broken: MigrationSet = {
        component: 'broken',
        migrations: [
          { version: 1, name: 'fine', sql: 'CREATE TABLE fine (id int)' },
          { version: 2, name: 'broken', sql: 'CREATE TABLE broken (id nosuchtype)' },
        ],
      };
      await expect(migrate(db, broken)).rejects.toThrow(/nosuchtype/);
      const { rows } = await db.query("SELECT to_regclass('fine') AS fine, to_regclass('schema_migrations') AS migrations");
      expect(rows).toEqual([{ fine: null, migrations: null }]);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});

describe('migrations on PGlite', () => {
  it('apply once and are a no-op the second time', async () => {
    const db = await openPgliteDatabase();
    try {
      expect(await migrate(db, eventStoreMigrations)).toEqual([1]);
      expect(await migrate(db, eventStoreMigrations)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
