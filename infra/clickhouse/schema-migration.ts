import type { ClickHouse } from './clickhouse.js';

/**
 * Brings a ClickHouse database's schema into being: the database, then each statement (all of them
 * `CREATE … IF NOT EXISTS`, so running them again changes nothing). Done once per process; a failure
 * (the server down) leaves it to be tried again by the next caller.
 */
export class SchemaMigration {
  private applied: Promise<void> | undefined;

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly statements: readonly string[],
  ) {}

  ensure(): Promise<void> {
    this.applied ??= this.apply().catch((error: unknown) => {
      this.applied = undefined;
      throw error;
    });
    return this.applied;
  }

  private async apply(): Promise<void> {
    await this.clickhouse.createDatabase();
    for (const statement of this.statements) await this.clickhouse.command(statement);
  }
}
