import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

function executor(client: PGlite | Transaction): SqlExecutor {
  return {
    async query(text: string, params?: readonly unknown[]) {
      const result = await client.query<SqlRow>(text, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    async exec(script: string) {
      await client.exec(script);
    },
  };
}

/**
 * Postgres in-process (WASM), the embedded default when no URL is configured.
 * `dataDir` undefined keeps everything in memory (tests).
 */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  // pg_trgm serves the catalogue's typo-tolerant search, as on a real server.
  const db = await PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
  return {
    description: `pglite ${dataDir ?? '(in memory)'}`,
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    async close() {
      await db.close();
    },
  };
}
