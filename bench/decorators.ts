/**
 * What reading `$all` through the system's event store costs over reading the Postgres adapter
 * directly: the personal-data decorator (decryption, upcasting) and the hash chain's. Two histories
 * of 100,000 events: a shop's mix (a tenth of the events hold personal data) and a worst case (half
 * of them do, each order's placement decrypting five fields). `npm run bench:decorators`.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { HashChainingEventStore } from '../infra/event-store/hash-chain/hash-chaining-event-store.js';
import type { EventStore, EventToAppend } from '../infra/event-store/port.js';
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.js';
import { PersonalDataEventStore } from '../infra/personal-data/personal-data-event-store.js';
import { PersonalDataKeys } from '../infra/personal-data/personal-data-keys.js';
import { migrate } from '../infra/postgres/migrate.js';
import { eventStoreMigrations, personalDataMigrations } from '../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { anOrder, aUser, aView, type StreamEvents } from '../test/support/shop-events.js';
import { formatNumber, formatTable } from './support/stats.js';

const CUSTOMERS = 5_000;
const RUNS = 3;

/** A customer's registration, then their orders and product views. */
function customer(orders: number, views: number): StreamEvents[] {
  const userId = randomUUID();
  return [
    aUser(userId, `${userId}@example.test`, 'Some Body'),
    ...Array.from({ length: orders }, () => anOrder(userId, [randomUUID()], 'confirmed')),
    ...Array.from({ length: views }, () => aView(randomUUID(), randomUUID(), userId)),
  ];
}

const MIXES = [
  { name: 'a shop (1 in 10 personal)', orders: 1, views: 17 },
  { name: 'worst case (1 in 2 personal)', orders: 9, views: 1 },
] as const;

/** Events a second, reading the whole of `$all` through a subscription as a projection does. */
async function readRate(store: EventStore, head: bigint): Promise<{ events: number; perSecond: number }> {
  const started = performance.now();
  const subscription = store.subscribeToAll({ fromPosition: 'start', readAhead: 1_000 });
  let events = 0;
  for await (const event of subscription) {
    events++;
    if (event.position >= head) break;
  }
  await subscription.close();
  return { events, perSecond: events / ((performance.now() - started) / 1000) };
}

const rows: string[][] = [];
for (const mix of MIXES) {
  const database = await createTestDatabase();
  const db = openPgDatabase(database.url);
  try {
    await migrate(db, eventStoreMigrations);
    await migrate(db, personalDataMigrations);
    const adapter = (await PostgresEventStore.open(db)).store;
    const system = new PersonalDataEventStore(new HashChainingEventStore(adapter), new PersonalDataKeys(db));
    process.stderr.write(`${mix.name}: writing ${formatNumber(CUSTOMERS)} customers ...\n`);
    for (let done = 0; done < CUSTOMERS; done += 100) {
      const appends = Array.from({ length: 100 }, () => customer(mix.orders, mix.views)).flat();
      await Promise.all(appends.map(({ streamId, events }: { streamId: string; events: EventToAppend[] }) => system.append(streamId, events, { expectedRevision: 'no_stream' })));
    }
    const head = (await adapter.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position ?? 0n;
    const best = { adapter: 0, system: 0, events: 0 };
    for (let run = 0; run < RUNS; run++) {
      const direct = await readRate(adapter, head);
      const decorated = await readRate(system, head);
      best.adapter = Math.max(best.adapter, direct.perSecond);
      best.system = Math.max(best.system, decorated.perSecond);
      best.events = direct.events;
    }
    rows.push([mix.name, formatNumber(best.events), formatNumber(best.adapter), formatNumber(best.system), formatNumber(1e6 / best.adapter, 1), formatNumber(1e6 / best.system, 1)]);
    await adapter.close();
  } finally {
    await db.close();
    await database.drop();
  }
}
const cpu = cpus();
console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; PostgreSQL on 127.0.0.1\n`);
console.log(formatTable(['history', 'events', 'adapter events/s', 'system events/s', 'adapter µs/event', 'system µs/event'], rows));
console.log(`\nBest of ${RUNS} reads of the whole of $all through a subscription, on one thread: straight from the Postgres adapter, and through the system's store (personal fields decrypted, events upcast, the hash chain's bookkeeping).`);
