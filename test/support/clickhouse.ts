import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlIdentifier } from '../../infra/clickhouse/sql-literals.js';

/** The test ClickHouse that `scripts/services.sh up` starts (HTTP). */
export const testClickHouseUrl = process.env.TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

/** A database name no other test uses, on this server (the system creates it); and dropping it. */
export function freshClickHouseDatabase(server = testClickHouseUrl): { readonly url: string; drop(): Promise<void> } {
  const name = `shopverse_t_${randomBytes(6).toString('hex')}`;
  return {
    url: new URL(`/${name}`, server).toString(),
    async drop() {
      // Dropping a large database waits for its merges to stop: longer than a query may take.
      const clickhouse = new ClickHouse(new URL('/default', server).toString(), 120_000);
      try {
        await clickhouse.command(`DROP DATABASE IF EXISTS ${sqlIdentifier(name)}`);
      } finally {
        await clickhouse.close();
      }
    },
  };
}

/** Registers dropping, after the file's tests, every database that `fresh` named (e.g. one per system of `describeApi`). */
export function useClickHouseDatabases(): { fresh(): string } {
  const made: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(made.map((database) => database.drop()));
  });
  return {
    fresh() {
      const database = freshClickHouseDatabase();
      made.push(database);
      return database.url;
    },
  };
}
