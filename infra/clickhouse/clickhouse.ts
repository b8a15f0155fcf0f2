import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { redactUrl } from '../logging/redact-url.js';
import { ClickHouseUnavailableError, isConnectionFailure } from './errors.js';
import { sqlIdentifier } from './sql-literals.js';

/** The database when `CLICKHOUSE_URL` names none (its path). */
const DEFAULT_DATABASE = 'shopverse';
/** How long a statement may take by default, before it counts as ClickHouse being unavailable. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Where to connect: the server's URL without its path, and the database the path names. */
function clickHouseTarget(url: string): { readonly serverUrl: string; readonly database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')) || DEFAULT_DATABASE;
  // Refuses (throws) a name that is not a plain identifier: it goes into statements.
  sqlIdentifier(database);
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), database };
}

function connect(url: string, database: string, requestTimeoutMs: number): ClickHouseClient {
  return createClient({
    url,
    database,
    request_timeout: requestTimeoutMs,
    // Errors reach the caller as exceptions, which it logs (pino): the client's own console logger stays off.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

/**
 * One ClickHouse database over HTTP (`@clickhouse/client`): statements as text (values escaped with
 * `sql-literals`), rows in and out as JSON, each row read back checked against a zod schema. Failing
 * to reach the server throws `ClickHouseUnavailableError`.
 */
export class ClickHouse {
  readonly description: string;
  readonly database: string;
  private readonly serverUrl: string;
  private readonly client: ClickHouseClient;

  constructor(
    url: string,
    private readonly requestTimeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    ({ serverUrl: this.serverUrl, database: this.database } = clickHouseTarget(url));
    this.description = `clickhouse ${redactUrl(this.serverUrl)}${this.database}`;
    this.client = connect(this.serverUrl, this.database, requestTimeoutMs);
  }

  /** Creates the database when missing (through the server's `default` database: ours may not exist yet). */
  async createDatabase(): Promise<void> {
    const server = connect(this.serverUrl, 'default', this.requestTimeoutMs);
    try {
      await this.reaching(() => server.command({ query: `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(this.database)}` }));
    } finally {
      await server.close();
    }
  }

  /** The rows of a SELECT, each checked against `row` (UInt64 and Int64 arrive as strings). */
  async query<Row extends z.ZodType>(sql: string, row: Row): Promise<z.output<Row>[]> {
    const rows = await this.reaching(async () => (await this.client.query({ query: sql, format: 'JSONEachRow' })).json<unknown>());
    return rows.map((value) => row.parse(value));
  }

  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.reaching(() => this.client.insert({ table: sqlIdentifier(table), values: [...rows], format: 'JSONEachRow' }));
  }

  /** A statement without rows back (DDL). */
  async command(sql: string): Promise<void> {
    await this.reaching(() => this.client.command({ query: sql }));
  }

  async ping(): Promise<void> {
    const result = await this.client.ping();
    if (!result.success) throw new ClickHouseUnavailableError(this.description, result.error);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async reaching<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isConnectionFailure(error) ? new ClickHouseUnavailableError(this.description, error) : error;
    }
  }
}
