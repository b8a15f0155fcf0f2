import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { createTestDatabase } from '../support/postgres.js';
import { describeEventStoreContract } from './contract.js';

describeEventStoreContract('PostgreSQL (pg)', async () => {
  const database = await createTestDatabase();
  const db = openPgDatabase(database.url, { maxConnections: 12 });
  // A second pool is another process as far as wake-ups go: its appends are only seen by polling.
  const otherDb = openPgDatabase(database.url, { maxConnections: 6 });
  await migrate(db, eventStoreMigrations);
  const store = (await PostgresEventStore.open(db)).store;
  // Up to 8 transactions at once from this one, so the race test has truly concurrent commits.
  const otherStore = (await PostgresEventStore.open(otherDb, { maxAppendsInFlight: 8 })).store;
  return {
    store,
    otherStore,
    async teardown() {
      await Promise.all([store.close(), otherStore.close()]);
      await Promise.all([db.close(), otherDb.close()]);
      await database.drop();
    },
  };
});
