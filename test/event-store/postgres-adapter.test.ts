import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StreamNotFoundError } from '../../infra/event-store/errors.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgliteDatabase } from '../../infra/postgres/pglite-database.js';
import { anEvent, collect, freshCategory, metadata } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';

describe('the Postgres event store adapter', () => {
  const fixture = useEventStoreDatabase();

  it('holds back events of later transactions while an earlier one is still open, then delivers both in order', async () => {
    const { store } = await PostgresEventStore.open(fixture.db, { pollIntervalMs: 20 });
    const category = freshCategory();
    const collector = collect(store.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] } }));
    const early = new pg.Client({ connectionString: fixture.url });
    await early.connect();
    try {
      // A writer that has taken its transaction id (and so its positions) but not committed yet.
      await early.query('BEGIN');
      await early.query(
        `SELECT * FROM es_append(ARRAY[$1], ARRAY['any'], ARRAY[1], ARRAY[$2::uuid], ARRAY['Early'], ARRAY['{}'::jsonb], ARRAY[$3::jsonb])`,
        [`${category}-early`, randomUUID(), JSON.stringify(metadata())],
      );
      await store.append(`${category}-late`, [anEvent('Late')]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(collector.events).toEqual([]);
      expect(await store.readAll({ filter: { streamPrefixes: [`${category}-`] } })).toEqual([]);
      await early.query('COMMIT');
      const received = await collector.waitFor(2);
      expect(received.map((event) => event.type)).toEqual(['Early', 'Late']);
    } finally {
      await early.end();
      await collector.stop();
      await store.close();
    }
  });

  it('after a restore into a cluster with lower transaction ids, keeps every position increasing', async () => {
    const { store } = await PostgresEventStore.open(fixture.db);
    const category = freshCategory();
    for (let n = 0; n < 3; n++) await store.append(`${category}-1`, [anEvent()]);
    await store.close();
    const { rows: eventRows } = await fixture.db.query('SELECT * FROM es_events WHERE stream_id = $1 ORDER BY position', [`${category}-1`]);
    const restored = await openPgliteDatabase();
    try {
      await migrate(restored, eventStoreMigrations);
      // What pg_dump and a restore into a fresh cluster (or a move between PGlite and Postgres) leave behind.
      for (const row of eventRows) {
        await restored.query('INSERT INTO es_events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
          String(row.position),
          row.stream_id,
          String(row.revision),
          row.event_id,
          row.type,
          row.data,
          row.metadata,
          row.recorded_at,
        ]);
      }
      await restored.query('INSERT INTO es_streams (stream_id, revision) VALUES ($1, 2)', [`${category}-1`]);
      const lastRestored = BigInt(String(eventRows.at(-1)?.position));

      const { store: reopened, positionShift } = await PostgresEventStore.open(restored);
      expect(positionShift).toBeGreaterThan(0n);
      const visible = await reopened.readAll();
      expect(visible.map((event) => event.position)).toEqual(eventRows.map((row) => BigInt(String(row.position))));
      const collector = collect(reopened.subscribeToAll({ fromPosition: lastRestored }));
      const appended = await reopened.append(`${category}-1`, [anEvent('AfterRestore')], { expectedRevision: 2n });
      expect(appended.position).toBeGreaterThan(lastRestored);
      expect((await collector.waitFor(1)).map((event) => event.type)).toEqual(['AfterRestore']);
      await collector.stop();
      expect((await PostgresEventStore.open(restored)).positionShift).toBe(0n);
      await reopened.close();
    } finally {
      await restored.close();
    }
  });

  it('concurrent whole-stream reads share round trips, and each gets its own stream (or not found)', async () => {
    let queries = 0;
    // The real database, counting the statements that reach it.
    const counted = { ...fixture.db, query: (text: string, params?: readonly unknown[]) => (queries++, fixture.db.query(text, params)) };
    const { store } = await PostgresEventStore.open(counted);
    const category = freshCategory();
    try {
      for (let n = 0; n < 30; n++) await store.append(`${category}-${n}`, Array.from({ length: 1 + (n % 4) }, (_, index) => anEvent('Counted', { index })));
      queries = 0;
      const streams = Array.from({ length: 120 }, (_, n) => `${category}-${n % 40}`);
      const outcomes = await Promise.allSettled(streams.map((streamId) => store.readStream(streamId)));
      expect(queries).toBeLessThan(20);
      outcomes.forEach((outcome, index) => {
        const n = index % 40;
        if (n >= 30) {
          expect(outcome.status === 'rejected' && outcome.reason instanceof StreamNotFoundError).toBe(true);
          return;
        }
        if (outcome.status !== 'fulfilled') throw new Error(`read of ${streams[index] ?? ''} failed: ${String(outcome.reason)}`);
        expect(outcome.value.map((event) => [event.streamId, event.revision, event.data.index])).toEqual(Array.from({ length: 1 + (n % 4) }, (_, r) => [`${category}-${n}`, BigInt(r), r]));
      });
    } finally {
      await store.close();
    }
  });

  it('on close, settles every append it accepted and refuses new ones', async () => {
    const { store } = await PostgresEventStore.open(fixture.db);
    const category = freshCategory();
    const accepted = Array.from({ length: 20 }, (_, n) => store.append(`${category}-${n % 3}`, [anEvent()]));
    await store.close();
    const outcomes = await Promise.allSettled(accepted);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    await expect(store.append(`${category}-0`, [anEvent()])).rejects.toThrow(/closed/);
  });
});

describe('the Postgres event store under concurrent first appends', () => {
  const fixture = useEventStoreDatabase();

  it('appends with any or stream_exists never conflict when other writers create or extend the stream at the same moment', async () => {
    const pools = Array.from({ length: 4 }, () => openPgDatabase(fixture.url, { maxConnections: 8 }));
    const stores = await Promise.all(pools.map(async (db) => (await PostgresEventStore.open(db, { maxAppendsInFlight: 8 })).store));
    try {
      // The race is narrow (a stream created between two statements of one append): try it many times.
      for (let round = 0; round < 4; round++) {
        const category = freshCategory('first');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 150 }, (_, stream) =>
            stores.map((store, writer) => store.append(`${category}-${stream}`, [anEvent()], { expectedRevision: writer === 3 && stream % 2 === 1 ? 'stream_exists' : 'any' })),
          ).flat(),
        );
        // stream_exists may fairly lose to the stream's creation; nothing else may fail.
        const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' && !(index % 4 === 3 && Math.floor(index / 4) % 2 === 1) ? [String(outcome.reason)] : []));
        expect(failures).toEqual([]);
      }
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await Promise.all(pools.map((db) => db.close()));
    }
  });
});
