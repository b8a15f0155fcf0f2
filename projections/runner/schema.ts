import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Makes unqualified names in this transaction resolve in `schema` first (then `public`, for extensions). */
export async function useSchema(tx: SqlExecutor, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: ${schema}`);
  await tx.query(`SELECT set_config('search_path', $1, true)`, [schema === 'public' ? 'public' : `${schema}, public`]);
}

/** Serialises schema installs across processes (a number of its own; the migrations hold another). */
const SCHEMA_INSTALL_LOCK = 7_215_004_113;

/**
 * Creates the projection's tables in `schema` (default `public`) when they are missing. Under a lock:
 * `CREATE TABLE IF NOT EXISTS` in two transactions at once can both go ahead, and one then fails.
 */
export async function installProjectionSchema(db: SqlDatabase, projection: Projection, schema = 'public'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_INSTALL_LOCK]);
    if (schema !== 'public') await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await useSchema(tx, schema);
    await tx.exec(projection.schema);
  });
}
