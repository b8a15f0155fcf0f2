import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Makes unqualified names in this transaction resolve in `schema` first (then `public`, for extensions). */
export async function useSchema(tx: SqlExecutor, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name: ${schema}`);
  await tx.query(`SELECT set_config('search_path', $1, true)`, [schema === 'public' ? 'public' : `${schema}, public`]);
}

/** Creates the projection's tables in `schema` (default `public`) when they are missing. */
export async function installProjectionSchema(db: SqlDatabase, projection: Projection, schema = 'public'): Promise<void> {
  await db.transaction(async (tx) => {
    if (schema !== 'public') await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await useSchema(tx, schema);
    await tx.exec(projection.schema);
  });
}
