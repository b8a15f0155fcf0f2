export type SqlRow = Record<string, unknown>;

/**
 * The little of a Postgres client that our adapters need, served by `pg` and by PGlite alike.
 * Rows come back untyped: callers parse what they read (zod), as at any boundary.
 */
export interface SqlExecutor {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: SqlRow[] }>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /** `pg` or `pglite`, with where it points: for start-up logs. */
  readonly description: string;
  /** Inside `work`, use only `tx`: PGlite serialises everything, so a query on the database itself would wait for ever. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
