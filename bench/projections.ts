/**
 * `npm run bench:projections`: how fast the Postgres read models rebuild from a realistic stored
 * history (all together and each alone), and how far behind the live runners stay under a steady
 * write load (lag per event, from its planned send time until the read model applied it): woken by the
 * writer's appends, as in `serve`, then once more finding new events by polling, as in another process.
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
import { lagSamples, type LagSamples } from './support/projection-lag.js';
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

/** The server's version and the settings that matter here (this test server's differ from the defaults). */
async function postgresServer(db: SqlDatabase): Promise<string> {
  const { rows } = await db.query(
    "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'autovacuum', 'shared_buffers') ORDER BY name",
  );
  const settings = new Map(z.array(z.object({ name: z.string(), setting: z.string() })).parse(rows).map((row) => [row.name, row.setting]));
  const version = settings.get('server_version') ?? 'unknown';
  settings.delete('server_version');
  return `PostgreSQL ${version} on 127.0.0.1 (${[...settings].map(([name, setting]) => `${name} ${setting}`).join(', ')})`;
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

/**
 * Lag of the live runners under the steady load. The writer appends through `writer`; when that is
 * the runners' store, each append wakes their subscriptions at once (as in `serve`), otherwise they
 * find new events by polling (as runners in another process would).
 */
interface LagRun {
  readonly samples: LagSamples;
  /** This process's CPU time during the steady load, as a share of one core. */
  readonly cpuShare: number;
}

async function measureLag(db: SqlDatabase, stores: { writer: EventStore; runners: EventStore }, history: ShopHistory): Promise<LagRun> {
  const label = stores.writer === stores.runners ? 'live runners' : 'live runners polling';
  const positions = new RecordingPositions(db);
  const runners = await ReadModelRunners.prepare(readModelProjections, { store: stores.runners, db, positions, logger: createLogger('warn') });
  runners.start();
  try {
    process.stderr.write(`${label}: warming up at ${formatNumber(RATE)} events/s for ${WARM_UP_SECONDS} s ...\n`);
    await caughtUp(positions, await writeSteadily(stores.writer, history, RATE, WARM_UP_SECONDS));
    process.stderr.write(`${label}: ${formatNumber(RATE)} events/s for ${SECONDS} s ...\n`);
    const cpuBefore = process.cpuUsage();
    const written = await writeSteadily(stores.writer, history, RATE, SECONDS);
    const cpu = process.cpuUsage(cpuBefore);
    await caughtUp(positions, written);
    return { samples: lagSamples(written, positions, names), cpuShare: (cpu.user + cpu.system) / 1e6 / SECONDS };
  } finally {
    await runners.stop();
  }
}

function lagTable(shared: LagSamples, polling: LagSamples): string {
  const row = (label: string, lags: readonly number[]): string[] => [label, formatNumber(lags.length), ...[50, 95, 99, 100].map((p) => formatNumber(percentile(lags, p), 1))];
  return formatTable(
    ['lag from planned send', 'events', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    [
      ...names.map((name) => row(name, shared.byProjection.get(name) ?? [])),
      row('all read models', shared.allReadModels),
      row('(append acknowledged)', shared.acknowledged),
      row('all read models, polling *', polling.allReadModels),
    ],
  );
}

/**
 * Waits until every runner has announced applying everything written (the lag of the last events is
 * part of the measure). Announcements, not the checkpoints in the table: a runner announces just after
 * its commit, so the table can be ahead for a moment.
 */
async function caughtUp(positions: RecordingPositions, written: readonly { position: bigint }[]): Promise<void> {
  const last = written.reduce((highest, append) => (append.position > highest ? append.position : highest), -1n);
  const deadline = performance.now() + 120_000;
  while (names.some((name) => positions.appliedAt(name, last) === undefined)) {
    if (performance.now() > deadline) throw new Error('the runners did not catch up within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
  // Planner statistics, as autovacuum (off on the test server) would have gathered them on a live system:
  // without, reading `$all` from a bound sorts every later event on disk, page after page.
  await db.exec('ANALYZE');
  const rebuild = await rebuildTable(db, store);
  await db.exec('ANALYZE');
  const shared = await measureLag(db, { writer: store, runners: store }, history);
  const pollingStore = (await PostgresEventStore.open(db)).store;
  const polling = await measureLag(db, { writer: store, runners: pollingStore }, history).finally(() => pollingStore.close());
  const cpu = cpus();
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}; ${await postgresServer(db)}; commit ${commit()}`);
  console.log(`seeded ${formatNumber(seeded.events)} events of a simulated shop in ${formatNumber(seeded.seconds, 1)} s (${formatNumber(seeded.events / seeded.seconds)} events/s)\n`);
  console.log(`Rebuild of the Postgres read models from the stored history (target: all read models ≥ ${formatNumber(REBUILD_TARGET)} events/s):\n`);
  console.log(rebuild);
  console.log(`\nLive projection lag at a steady ${formatNumber(RATE)} events/s for ${SECONDS} s (target: p99 for all read models < ${LAG_TARGET_MS} ms):\n`);
  console.log(lagTable(shared.samples, polling.samples));
  console.log(
    `\nThe writer (open loop, every 10 ms the events then due, each happening's streams as separate appends) and the ${names.length} runners share this process and` +
      ` one pool of 10 connections, as in \`serve\`; lag runs from each event's planned send time until the runner's commit that applied it (so it includes the append).` +
      ` Event store and read models in one fresh database, ANALYZEd after seeding and after the rebuilds.` +
      ` This process used ${formatNumber(shared.cpuShare * 100)}% of a core meanwhile (${formatNumber(polling.cpuShare * 100)}% polling).`,
  );
  console.log(
    `* The same load again with the runners on a store instance of their own, so that appends do not wake them and they find new events` +
      ` by polling \`$all\` every 100 ms, as runners in another process than the writer would.`,
  );
  console.log(`took ${formatNumber((performance.now() - began) / 1000, 0)} s`);
} finally {
  await store?.close();
  await db.close();
  await database.drop();
}
