/** One schema change. Versions are applied in ascending order, each exactly once. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The migrations of one component (the event store, the read models, ...). Components may live in
 * the same database or in different ones, so each keeps its own version sequence.
 */
export interface MigrationSet {
  readonly component: string;
  readonly migrations: readonly Migration[];
}
