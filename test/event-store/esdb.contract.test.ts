import { expect } from 'vitest';
import { EsdbEventStore } from '../../infra/event-store/esdb/esdb-event-store.js';
import { EsdbEmulator } from '../support/esdb-emulator/emulator.js';
import { describeEventStoreContract } from './contract.js';

// The client appends through BatchAppend when the server offers it, else through Append: run both.
for (const batchAppend of [true, false]) {
  describeEventStoreContract(`EventStoreDB adapter on the emulator (${batchAppend ? 'BatchAppend' : 'Append'})`, async () => {
    const emulator = await EsdbEmulator.start({ batchAppend });
    const store = new EsdbEventStore(emulator.url);
    const otherStore = new EsdbEventStore(emulator.url);
    return {
      store,
      otherStore,
      async teardown() {
        await Promise.all([store.close(), otherStore.close()]);
        await emulator.close();
        // The suite really went through the path it is named after.
        expect(emulator.appendCount(batchAppend ? 'BatchAppend' : 'Append')).toBeGreaterThan(1_000);
        expect(emulator.appendCount(batchAppend ? 'Append' : 'BatchAppend')).toBe(0);
      },
    };
  });
}
