import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { anEvent, collect, freshCategory } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

describe('the Postgres event store when Postgres fails', () => {
  const fixture = useEventStoreDatabase();

  it('reports an unreachable server as EventStoreUnavailableError, on opening and on every operation', async () => {
    const downDb = openPgDatabase('postgres://postgres@127.0.0.1:1/none');
    await expect(PostgresEventStore.open(downDb)).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await downDb.close();

    const { proxy, url: proxiedUrl } = await TcpProxy.inFrontOf(fixture.url);
    const proxiedDb = openPgDatabase(proxiedUrl);
    const { store } = await PostgresEventStore.open(proxiedDb);
    await proxy.cut();
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.append(`${freshCategory()}-1`, [anEvent()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream(`${freshCategory()}-1`)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      const fromEnd = collect(store.subscribeToAll({ fromPosition: 'end' }));
      await proxy.restore();
      // A subscription from the end that could not find the end at first retries; once it has found
      // it (its backoff is still short here), it delivers what comes next.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await store.append(`${freshCategory()}-1`, [anEvent()]);
      await fromEnd.waitFor(1);
      await fromEnd.stop();
    } finally {
      await store.close();
      await proxiedDb.close();
      await proxy.close();
    }
  });

  it('a subscription carries on after Postgres was unreachable, without gaps or duplicates; appends meanwhile fail as unavailable', async () => {
    const { proxy, url: proxiedUrl } = await TcpProxy.inFrontOf(fixture.url);
    const subscriberDb = openPgDatabase(proxiedUrl);
    const subscriberStore = (await PostgresEventStore.open(subscriberDb, { pollIntervalMs: 20 })).store;
    const writer = (await PostgresEventStore.open(fixture.db)).store;
    const category = freshCategory();
    const collector = collect(subscriberStore.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] } }));
    try {
      for (let n = 0; n < 5; n++) await writer.append(`${category}-${n}`, [anEvent(), anEvent()]);
      await collector.waitFor(10);
      await proxy.cut();
      await expect(subscriberStore.append(`${category}-x`, [anEvent()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
      for (let n = 5; n < 10; n++) await writer.append(`${category}-${n}`, [anEvent(), anEvent()]);
      // Long enough for the subscription to fail a few times and back off.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(collector.events).toHaveLength(10);
      await proxy.restore();
      await collector.waitFor(20);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const received = await collector.stop();
      expect(received).toHaveLength(20);
      expect(received.map((event) => event.streamId)).toEqual(Array.from({ length: 10 }, (_, n) => [`${category}-${n}`, `${category}-${n}`]).flat());
    } finally {
      await collector.stop().catch(() => undefined);
      await Promise.all([subscriberStore.close(), writer.close()]);
      await subscriberDb.close();
      await proxy.close();
    }
  });
});
