import { z } from 'zod';
import type { MigrationSet } from './migrations/migration.js';
import type { SqlDatabase } from './sql-database.js';

const AppliedSchema = z.array(z.object({ version: z.number().int() }));

// Arbitrary constant: serialises concurrent start-ups migrating the same database.
const MIGRATION_LOCK = 7_301_975_113;

/**
 * Applies the set's pending migrations in one transaction, under an advisory lock so that several
 * processes starting at once apply each migration exactly once. Returns the versions it applied.
 */
export async function migrate(db: SqlDatabase, set: MigrationSet): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component  text NOT NULL,
      version    integer NOT NULL,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version)
    )`);
    const { rows } = await tx.query('SELECT version FROM schema_migrations WHERE component = $1', [set.component]);
    const applied = new Set(AppliedSchema.parse(rows).map((row) => row.version));
    const done: number[] = [];
    for (const migration of [...set.migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [set.component, migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
