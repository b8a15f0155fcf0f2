/**
 * `npm run bench:analytics`: how fast the analytics projection turns a stored history into facts in
 * ClickHouse (a replay from the first event into a fresh database: facts written per second, until its
 * checkpoint is the last event's; beside it, reading the same events and nothing else), and how long each dashboard query takes (p50/p99 over repeated runs)
 * once the facts of a million events are there (the events beyond the replayed history are made into
 * facts directly, by the projection's own code, without the event store). Real Postgres (a fresh
 * database) and the ClickHouse of `scripts/services.sh` (or `CLICKHOUSE_URL`'s server; a fresh
 * database), both dropped at the end. Options: `--events N` to replay (default 200000), `--facts-of N`
 * events for the queries (default 1000000), `--runs N` per query (default 50).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { ClickHouse } from '../infra/clickhouse/clickhouse.js';
import type { EventStore, RecordedEvent } from '../infra/event-store/port.js';
import { createLogger } from '../infra/logging/logger.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import { AnalyticsDatabase } from '../projections/analytics/analytics-database.js';
import { AnalyticsProjection } from '../projections/analytics/analytics-projection.js';
import { batchFacts } from '../projections/analytics/batch-facts.js';
import { insertRows } from '../projections/analytics/insert-rows.js';
import { OrderLineBook } from '../projections/analytics/order-lines.js';
import { FACT_TABLES } from '../projections/analytics/tables.js';
import { WrittenPositions } from '../projections/analytics/written-positions.js';
import { eventCounts } from '../read-api/analytics/event-counts.js';
import { funnel } from '../read-api/analytics/funnel.js';
import type { TimeRange } from '../read-api/analytics/parameters.js';
import { salesSeries } from '../read-api/analytics/sales.js';
import { topProducts } from '../read-api/analytics/top-products.js';
import { freshClickHouseDatabase } from '../test/support/clickhouse.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { ShopHistory } from './support/domain-history.js';
import { seedDatabase } from './support/seed.js';
import { formatNumber, formatTable, percentile } from './support/stats.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '200000' }, 'facts-of': { type: 'string', default: '1000000' }, runs: { type: 'string', default: '50' } },
});
const EVENTS = Number(args.events);
const QUERY_EVENTS = Number(args['facts-of']);
const RUNS = Number(args.runs);
const INGEST_TARGET = 50_000;
const QUERY_TARGET_MS = 100;
/** Events made into facts at a time when filling up to `--facts-of` (the projection's batch size). */
const CHUNK = 5_000;

const began = performance.now();
// Warnings and errors only, on stderr, so that stdout is the report.
const logger = createLogger('warn', pino.destination({ dest: 2, sync: false }));
const progress = (line: string): boolean => process.stderr.write(`${line}\n`);

/** Rows in each fact table, and all of them. */
async function factRows(clickhouse: ClickHouse): Promise<number> {
  const counted = await clickhouse.query(FACT_TABLES.map((table) => `SELECT count() AS rows FROM ${table}`).join(' UNION ALL '), z.object({ rows: z.coerce.number() }));
  return counted.reduce((sum, row) => sum + row.rows, 0);
}

/** Until `last` is reached: the seconds, this process's CPU time as a share of one core, the machine's load average before and after. */
async function timed(work: () => Promise<void>): Promise<{ seconds: number; cpuShare: number; load: string }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const loadBefore = loadavg()[0] ?? 0;
  await work();
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuShare: (cpu.user + cpu.system) / 1e6 / seconds, load: `${formatNumber(loadBefore, 1)} → ${formatNumber(loadavg()[0] ?? 0, 1)}` };
}

/** The floor under any replay: the subscription from the first event to the last, and nothing else. */
async function readOnly(store: EventStore, last: bigint, events: number): Promise<string[]> {
  const run = await timed(async () => {
    const subscription = store.subscribeToAll({ fromPosition: 'start' });
    for await (const event of subscription) if (event.position >= last) break;
    await subscription.close();
  });
  return ['(reading $all only)', formatNumber(events), '', formatNumber(run.seconds, 2), formatNumber(events / run.seconds), '', formatNumber(run.cpuShare * 100), run.load, ''];
}

/** The projection from the first event to the last, into an empty database, as a rebuild would run. */
async function replay(store: EventStore, db: ReturnType<typeof openPgDatabase>, analytics: AnalyticsDatabase, last: bigint, events: number): Promise<string[]> {
  const projection = new AnalyticsProjection({ store, db, analytics, logger });
  const run = await timed(async () => {
    projection.start();
    while (projection.status().position < last) await new Promise((resolve) => setTimeout(resolve, 5));
  });
  await projection.stop();
  const facts = await factRows(analytics.clickhouse);
  const rate = facts / run.seconds;
  return ['analytics replay', formatNumber(events), formatNumber(facts), formatNumber(run.seconds, 2), formatNumber(events / run.seconds), formatNumber(rate), formatNumber(run.cpuShare * 100), run.load, rate >= INGEST_TARGET ? 'yes' : 'NO'];
}

/** The history's next events as the store would have recorded them, after `position`. */
function* recorded(history: ShopHistory, after: bigint): Generator<RecordedEvent> {
  let position = after;
  const revisions = new Map<string, bigint>();
  for (;;) {
    for (const append of history.next()) {
      for (const event of append.events) {
        const revision = revisions.get(append.streamId) ?? 0n;
        revisions.set(append.streamId, revision + 1n);
        position += 1n;
        yield { ...event, streamId: append.streamId, revision, position, recordedAt: new Date() };
      }
    }
  }
}

/** More facts, straight from the history through the projection's code (no event store), until `total` events have facts. */
async function fillUp(analytics: AnalyticsDatabase, history: ShopHistory, after: bigint, events: number, total: number): Promise<void> {
  const clickhouse = await analytics.ready();
  const written = await WrittenPositions.read(clickhouse);
  const source = recorded(history, after);
  for (let done = events; done < total; done += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, total - done) }, () => source.next().value as RecordedEvent);
    await insertRows(clickhouse, await batchFacts(batch, written, new OrderLineBook(clickhouse), logger), written);
    if ((done / CHUNK) % 20 === 0) progress(`facts: ${formatNumber(done)} / ${formatNumber(total)} events`);
  }
}

const TimeSpanSchema = z.object({ first: z.coerce.number(), last: z.coerce.number() });

/**
 * The dashboards as an admin opens them: the whole history by day (and sales by hour), the last week by
 * hour, the last day by minute; and, marked *, the events of the whole history by hour (every type of
 * every hour: an answer of tens of thousands of counts).
 */
async function queryLatencies(clickhouse: ClickHouse): Promise<string[][]> {
  const [span] = await clickhouse.query('SELECT toUInt32(min(occurred_at)) AS first, toUInt32(max(occurred_at)) AS last FROM event_facts', TimeSpanSchema);
  if (span === undefined) throw new Error('no facts');
  // Not on whole hours, as a dashboard's "now" is not: the ends of the range come from the facts.
  const all: TimeRange = { from: span.first - 1_234, to: span.last + 1_234 };
  const lastDays = (days: number): TimeRange => ({ from: all.to - days * 86_400, to: all.to });
  const days = (range: TimeRange): string => `${formatNumber((range.to - range.from) / 86_400, 1)} days`;
  const queries: [string, TimeRange, (range: TimeRange) => Promise<unknown>][] = [
    ['sales by day', all, (range) => salesSeries(clickhouse, { ...range, interval: 'day' })],
    ['sales by hour', all, (range) => salesSeries(clickhouse, { ...range, interval: 'hour' })],
    ['sales by minute', lastDays(1), (range) => salesSeries(clickhouse, { ...range, interval: 'minute' })],
    ['top products (10)', all, (range) => topProducts(clickhouse, { ...range, limit: 10 })],
    ['funnel', all, (range) => funnel(clickhouse, range)],
    ['events by day', all, (range) => eventCounts(clickhouse, { ...range, interval: 'day' })],
    ['events by hour', lastDays(7), (range) => eventCounts(clickhouse, { ...range, interval: 'hour' })],
    ['events by minute', lastDays(1), (range) => eventCounts(clickhouse, { ...range, interval: 'minute' })],
    ['events by hour *', all, (range) => eventCounts(clickhouse, { ...range, interval: 'hour' })],
  ];
  const rows: string[][] = [];
  for (const [name, range, query] of queries) {
    for (let i = 0; i < 3; i++) await query(range);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await query(range);
      samples.push(performance.now() - started);
    }
    const p99 = percentile(samples, 99);
    rows.push([name, days(range), formatNumber(percentile(samples, 50), 1), formatNumber(p99, 1), p99 < QUERY_TARGET_MS ? 'yes' : 'NO']);
  }
  return rows;
}

const database = await createTestDatabase();
const clickhouseDatabase = freshClickHouseDatabase(process.env.CLICKHOUSE_URL);
process.once('SIGINT', () => void Promise.all([database.drop(), clickhouseDatabase.drop()]).finally(() => process.exit(130)));
const db = openPgDatabase(database.url);
const analytics = new AnalyticsDatabase(new ClickHouse(clickhouseDatabase.url));
let store: EventStore | undefined;
try {
  const history = new ShopHistory();
  const seeded = await seedDatabase(db, history, EVENTS);
  store = seeded.store;
  const last = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]?.position ?? -1n;
  progress(`reading ${formatNumber(seeded.events)} events, then replaying them into ClickHouse ...`);
  const ingest = [await readOnly(store, last, seeded.events), await replay(store, db, analytics, last, seeded.events)];
  await fillUp(analytics, history, last, seeded.events, QUERY_EVENTS);
  const facts = await factRows(analytics.clickhouse);
  progress(`querying (${formatNumber(RUNS)} runs each) ...`);
  const latencies = await queryLatencies(analytics.clickhouse);
  const [version] = await analytics.clickhouse.query('SELECT version() AS version', z.object({ version: z.string() }));
  const cpu = cpus();
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; ClickHouse ${version?.version ?? '?'} and PostgreSQL on 127.0.0.1`);
  console.log(`seeded ${formatNumber(seeded.events)} events of a simulated shop in ${formatNumber(seeded.seconds, 1)} s\n`);
  console.log(`Replay into an empty ClickHouse database, from the first event until the checkpoint is the last's (target: ≥ ${formatNumber(INGEST_TARGET)} facts/s):\n`);
  console.log(formatTable(['run', 'events', 'facts', 'seconds', 'events/s', 'facts/s', 'CPU %', 'load average', '≥ target'], ingest));
  console.log(`\nDashboard queries over the facts of ${formatNumber(QUERY_EVENTS)} events (${formatNumber(facts)} fact rows), ${formatNumber(RUNS)} runs each (target: < ${QUERY_TARGET_MS} ms):\n`);
  console.log(formatTable(['query', 'range', 'p50 ms', 'p99 ms', '< target'], latencies));
  console.log(
    '\nFacts are the rows of event_facts, order_facts, order_lines and product_views (the hourly rollups are written besides); the replay' +
      ' ends with its last batch, which waits out the linger (1 s) for more events first. CPU % is this process (reading the events, making the facts,' +
      ' sending them) as a share of one core; load average: the machine\'s (1 minute) before and after.' +
      ' A query is the function behind its route (ClickHouse round trip and the answer built), without HTTP; ranges do not start or end on whole hours.',
  );
  console.log(`took ${formatNumber((performance.now() - began) / 1000, 0)} s`);
} finally {
  await store?.close();
  await db.close();
  await analytics.close();
  await database.drop();
  await clickhouseDatabase.drop();
}
