import { describe, it } from 'vitest';
import { EsdbEventStore } from '../../infra/event-store/esdb/esdb-event-store.js';
import { describeEventStoreContract } from './contract.js';

/** Against a real EventStoreDB: `ESDB_URL=esdb://127.0.0.1:2113?tls=false npm run test:esdb` (see README). */
const url = process.env.ESDB_URL;
if (url === undefined || url === '') {
  describe('event store contract: a real EventStoreDB', () => {
    it.skip('runs when ESDB_URL names a server', () => undefined);
  });
} else {
  describeEventStoreContract(`a real EventStoreDB at ${url}`, () => {
    const store = new EsdbEventStore(url);
    const otherStore = new EsdbEventStore(url);
    return Promise.resolve({
      store,
      otherStore,
      async teardown() {
        await Promise.all([store.close(), otherStore.close()]);
      },
    });
  });
}
