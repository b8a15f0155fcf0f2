import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { readModelProjections } from '../../projections/read-models.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let processes: SqlDatabase[];

beforeAll(async () => {
  database = await createTestDatabase();
  processes = Array.from({ length: 5 }, () => openPgDatabase(database.url, { maxConnections: 2 }));
  // As each process does first (the extensions the read models use come with these).
  await Promise.all(processes.map((db) => migrate(db, projectionMigrations)));
});

afterAll(async () => {
  await Promise.all(processes.map((db) => db.close()));
  await database.drop();
});

// Every role's process installs the read models' tables at start: on a fresh database they all start at once (docker compose up).
it('installs the read models in processes starting at the same moment on a fresh database, without one failing', async () => {
  const outcomes = await Promise.allSettled(processes.map((db) => Promise.all(readModelProjections.map((projection) => installProjectionSchema(db, projection)))));
  expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
  const { rows } = await processes[0]?.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1::text[])`, [readModelProjections.flatMap((projection) => [...projection.tables])]) ?? { rows: [] };
  expect(rows).toEqual([{ n: readModelProjections.flatMap((projection) => projection.tables).length }]);
});
