import type { EventStore } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations, projectionMigrations } from '../../infra/postgres/migrations/index.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import type { ShopHistory } from './domain-history.js';
import { formatNumber } from './stats.js';

/** Events submitted together: the store groups concurrent appends into round trips of up to 1,000 events. */
const CHUNK_EVENTS = 5_000;
/** Chunks under way at once, so the next one is generated while the last one is written. */
const CHUNKS_IN_FLIGHT = 2;

/**
 * Appends the history's next `count` events (a few more: the last happening is written whole), each
 * happening's streams as separate appends, a chunk of them at once; progress goes to stderr.
 */
export async function seedHistory(store: EventStore, history: ShopHistory, count: number): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  let events = 0;
  let reported = 0;
  while (events < count) {
    const chunk: Promise<unknown>[] = [];
    const chunkEnd = Math.min(count, events + CHUNK_EVENTS);
    while (events < chunkEnd) {
      for (const append of history.next()) {
        chunk.push(store.append(append.streamId, append.events));
        events += append.events.length;
      }
    }
    inFlight.push(Promise.all(chunk));
    if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
    if (events - reported >= count / 10) {
      reported = events;
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`seeding: ${formatNumber(events)} / ${formatNumber(count)} events submitted, ${formatNumber(events / seconds)} events/s\n`);
    }
  }
  await Promise.all(inFlight);
  return { events, seconds: (performance.now() - started) / 1000 };
}

/**
 * A fresh database made ready for a benchmark: the event store's and the projections' tables, the
 * history's next `count` events (see `seedHistory`), then planner statistics, as autovacuum (off on the
 * test server) would have gathered them on a live system: without, reading `$all` from a bound sorts
 * every later event on disk, page after page. The caller closes the store.
 */
export async function seedDatabase(db: SqlDatabase, history: ShopHistory, count: number): Promise<{ store: EventStore; events: number; seconds: number }> {
  await migrate(db, eventStoreMigrations);
  await migrate(db, projectionMigrations);
  const { store } = await PostgresEventStore.open(db);
  try {
    const seeded = await seedHistory(store, history, count);
    await db.exec('ANALYZE');
    return { store, ...seeded };
  } catch (error) {
    await store.close();
    throw error;
  }
}
