/**
 * `npm run bench:eventstore`: append throughput and latency (1 and 8 writers, 1 and 10 events per
 * append) and `$all` catch-up read rate, for every event store adapter we ship, printed as a table.
 * Options: `--seconds N` per append scenario (default 5), `--only pg|esdb-emulator|pglite`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EsdbEventStore } from '../infra/event-store/esdb/esdb-event-store.js';
import type { EventStore, EventToAppend } from '../infra/event-store/port.js';
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import { openPgliteDatabase } from '../infra/postgres/pglite-database.js';
import type { SqlDatabase } from '../infra/postgres/sql-database.js';
import { EsdbEmulator } from '../test/support/esdb-emulator/emulator.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { formatNumber, formatTable, percentile } from './support/stats.js';

interface Target {
  readonly name: string;
  readonly note: string;
  open(): Promise<{ store: EventStore; close: () => Promise<void> }>;
}

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, only: { type: 'string' } } });
const seconds = Number(args.seconds);
const CATCH_UP_EVENTS = 100_000;

async function eventStoreOn(db: SqlDatabase, cleanUp: () => Promise<void>): Promise<{ store: EventStore; close: () => Promise<void> }> {
  await migrate(db, eventStoreMigrations);
  const store = (await PostgresEventStore.open(db)).store;
  return {
    store,
    close: async () => {
      await store.close();
      await db.close();
      await cleanUp();
    },
  };
}

const targets: Target[] = [
  {
    name: 'pg',
    note: 'PostgreSQL 15 on 127.0.0.1, fresh database, default server settings (fsync on)',
    async open() {
      const database = await createTestDatabase();
      return eventStoreOn(openPgDatabase(database.url, { maxConnections: 10 }), () => database.drop());
    },
  },
  {
    name: 'esdb-emulator',
    note: 'the EventStoreDB adapter through the real client against the in-repo gRPC emulator: measures our code path and the client, not EventStoreDB',
    async open() {
      const emulator = await EsdbEmulator.start();
      const store = new EsdbEventStore(emulator.url);
      return {
        store,
        close: async () => {
          await store.close();
          await emulator.close();
        },
      };
    },
  },
  {
    name: 'pglite',
    note: 'PGlite in-process, data directory on local disk (the embedded default)',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'shopverse-bench-'));
      return eventStoreOn(await openPgliteDatabase(dir), () => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    },
  },
];

const event = (): EventToAppend => ({
  eventId: randomUUID(),
  type: 'BenchmarkEventRecorded',
  data: { orderId: randomUUID(), sku: 'SKU-0001', quantity: 3, price: { amount: 1999, currency: 'USD' } },
  metadata: { correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 },
});

interface AppendFigures {
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function appendScenario(store: EventStore, writers: number, batch: number): Promise<AppendFigures> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const stream = `bench-${writer}-${randomUUID()}`;
      let revision: bigint | 'no_stream' = 'no_stream';
      while (performance.now() < deadline) {
        const events = Array.from({ length: batch }, event);
        const before = performance.now();
        const result = await store.append(stream, events, { expectedRevision: revision });
        latencies.push(performance.now() - before);
        revision = result.nextRevision;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const total = latencies.length * batch;
  return { events: total, eventsPerSecond: total / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function catchUpScenario(store: EventStore): Promise<{ events: number; eventsPerSecond: number }> {
  const existing = (await store.readAll({ maxCount: 10_000 })).length;
  for (let written = existing; written < CATCH_UP_EVENTS; written += 500) {
    await store.append(`bench-fill-${randomUUID()}`, Array.from({ length: 500 }, event));
  }
  const head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position ?? -1n;
  const subscription = store.subscribeToAll({ fromPosition: 'start' });
  const started = performance.now();
  let count = 0;
  for await (const recorded of subscription) {
    count++;
    if (recorded.position >= head) break;
  }
  return { events: count, eventsPerSecond: count / ((performance.now() - started) / 1000) };
}

const rows: string[][] = [];
for (const target of targets.filter((candidate) => args.only === undefined || candidate.name === args.only)) {
  const opened = await target.open();
  const store = opened.store;
  try {
    for (const [writers, batch] of [[1, 1], [1, 10], [8, 1], [8, 10]] as const) {
      process.stderr.write(`${target.name}: ${writers} writer(s) x ${batch} event(s) per append, ${seconds}s ...\n`);
      const figures = await appendScenario(store, writers, batch);
      rows.push([target.name, `append ${writers}w x ${batch}ev`, formatNumber(figures.events), formatNumber(figures.eventsPerSecond), formatNumber(figures.p50, 2), formatNumber(figures.p99, 2)]);
    }
    process.stderr.write(`${target.name}: $all catch-up read of ${formatNumber(CATCH_UP_EVENTS)}+ events ...\n`);
    const read = await catchUpScenario(store);
    rows.push([target.name, 'catch-up $all', formatNumber(read.events), formatNumber(read.eventsPerSecond), '', '']);
  } finally {
    await opened.close();
  }
}

console.log(formatTable(['adapter', 'scenario', 'events', 'events/s', 'p50 ms', 'p99 ms'], rows));
console.log();
for (const target of targets) console.log(`${target.name}: ${target.note}`);
