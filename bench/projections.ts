/**
 * `npm run bench:projections`: how fast the Postgres read models rebuild from a realistic stored
 * history (all together and each alone), and how far behind the live runners stay under a steady
 * write load (lag per event, from its planned send time until the read model applied it).
 * Options: `--events N` to seed (default 200000), `--rate N` events/s (default 1000), `--seconds N` of
 * steady load (default 30).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { EventStore } from '../infra/event-store/port.js';
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../infra/logging/logger.js';
import { migrate } from '../infra/postgres/migrate.js';
import { eventStoreMigrations, projectionMigrations } from '../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../infra/postgres/sql-database.js';
import type { Projection } from '../projections/projection.js';
import { readModelProjections } from '../projections/read-models.js';
import { ReadModelRunners } from '../projections/runner/read-model-runners.js';
import { rebuildProjections } from '../projections/runner/rebuild.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { ShopHistory } from './support/domain-history.js';
import { lagSamples } from './support/projection-lag.js';
import { RecordingPositions } from './support/recording-positions.js';
import { seedHistory } from './support/seed.js';
import { formatNumber, formatTable, percentile } from './support/stats.js';
import { writeSteadily } from './support/steady-writer.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '200000' }, rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '30' } },
});
const EVENTS = Number(args.events);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WARM_UP_SECONDS = 2;
const REBUILD_TARGET = 20_000;
const LAG_TARGET_MS = 250;

const began = performance.now();
const names = readModelProjections.map((projection) => projection.name);

function commit(): string {
  const run = (...gitArgs: string[]): string => execFileSync('git', gitArgs, { encoding: 'utf8' }).trim();
  return `${run('rev-parse', '--short', 'HEAD')}${run('status', '--porcelain') === '' ? '' : ' (with uncommitted changes)'}`;
}

async function postgresVersion(db: SqlDatabase): Promise<string> {
  const { rows } = await db.query('SHOW server_version');
  return z.tuple([z.object({ server_version: z.string() })]).parse(rows)[0].server_version;
}

/** The floor under any rebuild: reading `$all` in the rebuild's pages (5,000) and nothing else. */
async function readEverything(store: EventStore): Promise<number> {
  let events = 0;
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 5_000 });
    const last = page.at(-1);
    if (last === undefined) return events;
    events += page.length;
    from = last.position + 1n;
  }
}

async function timed(work: () => Promise<number>): Promise<string[]> {
  const started = performance.now();
  const events = await work();
  const seconds = (performance.now() - started) / 1000;
  return [formatNumber(events), formatNumber(seconds, 2), formatNumber(events / seconds)];
}

async function rebuildTable(db: SqlDatabase, store: EventStore): Promise<string> {
  const rows: string[][] = [];
  process.stderr.write('reading $all without projecting (baseline) ...\n');
  rows.push(['(none: reading $all only)', ...(await timed(() => readEverything(store)))]);
  const runs: [string, readonly Projection[]][] = [...readModelProjections.map((projection): [string, Projection[]] => [projection.name, [projection]]), ['all read models', readModelProjections]];
  for (const [label, projections] of runs) {
    process.stderr.write(`rebuilding ${label} ...\n`);
    rows.push([label, ...(await timed(async () => (await rebuildProjections(db, store, projections)).events))]);
  }
  return formatTable(['rebuild', 'events', 'seconds', 'events/s'], rows);
}

async function lagTable(db: SqlDatabase, store: EventStore, history: ShopHistory): Promise<string> {
  const positions = new RecordingPositions(db);
  const runners = await ReadModelRunners.prepare(readModelProjections, { store, db, positions, logger: createLogger('warn') });
  runners.start();
  try {
    process.stderr.write(`live runners: warming up at ${formatNumber(RATE)} events/s for ${WARM_UP_SECONDS} s ...\n`);
    await caughtUp(positions, await writeSteadily(store, history, RATE, WARM_UP_SECONDS));
    process.stderr.write(`live runners: ${formatNumber(RATE)} events/s for ${SECONDS} s ...\n`);
    const written = await writeSteadily(store, history, RATE, SECONDS);
    await caughtUp(positions, written);
    const samples = lagSamples(written, positions, names);
    const row = (label: string, lags: readonly number[]): string[] => [label, formatNumber(lags.length), ...[50, 95, 99, 100].map((p) => formatNumber(percentile(lags, p), 1))];
    return formatTable(
      ['lag from planned send', 'events', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [
        ...names.map((name) => row(name, samples.byProjection.get(name) ?? [])),
        row('all read models', samples.allReadModels),
        row('(append acknowledged)', samples.acknowledged),
      ],
    );
  } finally {
    await runners.stop();
  }
}

/** Waits until every runner has applied everything written (the lag of the last events is part of the measure). */
async function caughtUp(positions: RecordingPositions, written: readonly { position: bigint }[]): Promise<void> {
  const last = written.reduce((highest, append) => (append.position > highest ? append.position : highest), -1n);
  if ((await positions.waitFor(names, last, 120_000)) === undefined) throw new Error('the runners did not catch up within 2 minutes');
}

const database = await createTestDatabase();
process.once('SIGINT', () => void database.drop().finally(() => process.exit(130)));
const db = openPgDatabase(database.url);
let store: EventStore | undefined;
try {
  await migrate(db, eventStoreMigrations);
  await migrate(db, projectionMigrations);
  store = (await PostgresEventStore.open(db)).store;
  const history = new ShopHistory();
  const seeded = await seedHistory(store, history, EVENTS);
  const rebuild = await rebuildTable(db, store);
  const lag = await lagTable(db, store, history);
  const cpu = cpus();
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; PostgreSQL ${await postgresVersion(db)} on 127.0.0.1 (default settings, fsync on); commit ${commit()}`);
  console.log(`seeded ${formatNumber(seeded.events)} events of a simulated shop in ${formatNumber(seeded.seconds, 1)} s (${formatNumber(seeded.events / seeded.seconds)} events/s)\n`);
  console.log(`Rebuild of the Postgres read models from the stored history (target: all read models ≥ ${formatNumber(REBUILD_TARGET)} events/s):\n`);
  console.log(rebuild);
  console.log(`\nLive projection lag at a steady ${formatNumber(RATE)} events/s for ${SECONDS} s (target: p99 for all read models < ${LAG_TARGET_MS} ms):\n`);
  console.log(lag);
  console.log(
    `\nThe writer (open loop, every 10 ms the events then due, each happening's streams as separate appends) and the ${names.length} runners share this process and` +
      ` one pool of 10 connections, as in \`serve\`; lag runs from each event's planned send time until the runner's commit that applied it (so it includes the append).` +
      ` Event store and read models in one fresh database.`,
  );
  console.log(`took ${formatNumber((performance.now() - began) / 1000, 0)} s`);
} finally {
  await store?.close();
  await db.close();
  await database.drop();
}
