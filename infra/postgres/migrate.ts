import { z } from 'zod';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import type { SqlDatabase } from './sql-database.js';

const AppliedSchema = z.array(z.object({ version: z.number().int() }));

// Arbitrary constant: serialises concurrent start-ups migrating the same database.
const MIGRATION_LOCK = 7_301_975_113;

/** Applies the pending migrations in one transaction; returns the versions it applied. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = allMigrations): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query('SELECT version FROM schema_migrations');
    const applied = new Set(AppliedSchema.parse(rows).map((row) => row.version));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
