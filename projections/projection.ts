import type { RecordedEvent } from '../infra/event-store/port.js';
import type { SqlExecutor } from '../infra/postgres/sql-database.js';

/**
 * A read model in Postgres, built from `$all`. The runner hands it batches of events in position
 * order, each batch inside the transaction that also moves its checkpoint.
 */
export interface Projection {
  /** Stable name: the key of its checkpoint and lease, and what the CLI calls it. */
  readonly name: string;
  /**
   * DDL of its tables and indexes, with unqualified names and `IF NOT EXISTS`: run at every start in
   * `public`, and by a rebuild in a fresh schema (search_path set to it, then `public`).
   */
  readonly schema: string;
  /** The tables `schema` creates: a rebuild swaps these in. */
  readonly tables: readonly string[];
  /**
   * Applies events in order; ignores types it does not read. Idempotent: an event applied again
   * (a batch retried after a crash) changes nothing. Unqualified table names only (see `schema`).
   */
  apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
}
