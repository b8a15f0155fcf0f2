import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgliteDatabase } from '../../infra/postgres/pglite-database.js';
import { describeEventStoreContract } from './contract.js';

describeEventStoreContract('PGlite (embedded)', async () => {
  const db = await openPgliteDatabase();
  await migrate(db, eventStoreMigrations);
  const store = (await PostgresEventStore.open(db)).store;
  return {
    store,
    async teardown() {
      await store.close();
      await db.close();
    },
  };
});
