import { createHash } from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../logging/redact-url.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

/**
 * Parameterised queries run as named prepared statements, so each connection parses and plans a
 * statement once. Our statement texts are fixed strings, so the set of names stays small.
 */
function statementName(text: string): string {
  return `sv_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  const names = new Map<string, string>();
  return {
    async query(text: string, params?: readonly unknown[]) {
      if (params === undefined) return { rows: (await client.query<SqlRow>(text)).rows };
      let name = names.get(text);
      if (name === undefined) {
        name = statementName(text);
        names.set(text, name);
      }
      const result = await client.query<SqlRow>({ name, text, values: params as unknown[] });
      return { rows: result.rows };
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export function openPgDatabase(url: string, options: { maxConnections?: number } = {}): SqlDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    // Notice a peer that vanished without closing the connection (a half-open TCP connection).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Our SQL relies on READ COMMITTED (a fresh snapshot per statement), whatever the server's default.
    options: '-c default_transaction_isolation=read\\ committed',
  });
  // An idle client losing its connection emits on the pool; without a listener that would crash the process.
  pool.on('error', () => undefined);
  return {
    description: `postgres ${redactUrl(url)}`,
    ...executor(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A client checked out has no pool listener: a connection lost meanwhile would emit an unhandled
      // 'error' and crash the process. Its queries fail anyway; the connection is then discarded.
      let lost: Error | undefined;
      const onError = (error: Error): void => {
        lost = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
