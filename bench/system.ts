/**
 * `npm run bench:system`: the whole system on the real services, one process per role as in production
 * (api, projections, sagas, notifications, bridge; the build in dist/), on a fresh Postgres database
 * (event store and read models), a fresh ClickHouse database, Redis and Kafka (fresh key prefix and
 * topics), all removed at the end. A load process (bench/system/load-process.ts) offers a storefront
 * mix at fixed rates in an open loop, one step per rate; the report goes to stdout and BENCHMARKS.md.
 * Options: `--rates 250,500,1000,2000` `--seconds 60` `--event-store postgres|esdb` (esdb: the in-repo
 * emulator) `--connections 256` `--products 200` `--customers 200` `--log-level warn` `--out BENCHMARKS.md`
 * `--profile DIR` (each role's process writes a V8 CPU profile there when it stops, `node --cpu-prof`).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshClickHouseDatabase, testClickHouseUrl } from '../test/support/clickhouse.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { formatNumber } from './support/stats.js';
import { deleteRedisKeys, deleteTopics } from './system/cleanup.js';
import { LagSampler } from './system/lag-sampler.js';
import { LoadResultSchema, type LoadResult, type LoadStep } from './system/load-protocol.js';
import { EventStoreFigures, type OrderFigures } from './system/order-figures.js';
import { ProcessStats, serviceGroups, single } from './system/process-stats.js';
import { renderReport } from './system/report.js';
import { login, SEARCH_WORDS, seedShop } from './system/seed-shop.js';
import type { StepFigures } from './system/step-figures.js';
import { MIX_WEIGHTS } from './system/storefront-mix.js';
import { startEsdbEmulator, startSystem, stopAll } from './system/system-processes.js';
import { type RoleProcess, stopRoles } from '../test/support/role-processes.js';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '250,500,1000,2000' },
    seconds: { type: 'string', default: '60' },
    'event-store': { type: 'string', default: 'postgres' },
    connections: { type: 'string', default: '256' },
    products: { type: 'string', default: '200' },
    customers: { type: 'string', default: '200' },
    'log-level': { type: 'string', default: 'warn' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    profile: { type: 'string' },
  },
});
const rates = args.rates.split(',').map(Number);
const seconds = Number(args.seconds);
const eventStoreKind = args['event-store'];
if (rates.some((rate) => !(rate > 0)) || !(seconds > 0) || (eventStoreKind !== 'postgres' && eventStoreKind !== 'esdb')) {
  console.error('usage: bench/system.ts [--rates 250,500,1000,2000] [--seconds 60] [--event-store postgres|esdb]');
  process.exit(2);
}
const ADMIN = { email: 'system-admin@shopverse.test', password: 'system-admin-password' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DRAIN_LIMIT_MS = 30_000;
const TOKEN_MAX_AGE_MS = 10 * 60_000;
const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const run = randomBytes(4).toString('hex');
const topicPrefix = `bench-system-${run}`;
const recsPrefix = `bench-system:${run}:recs:`;
// The shared Postgres, Redis, ClickHouse and Kafka, started (and installed) when not up yet.
execFileSync('bash', ['scripts/services.sh', 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
const database = await createTestDatabase();
const clickhouse = freshClickHouseDatabase(testClickHouseUrl);
const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-system-'));
const children: ChildProcess[] = [];
let roles: readonly RoleProcess[] = [];

async function cleanUp(): Promise<void> {
  await Promise.all([stopRoles(roles), stopAll(children)]);
  const outcomes = await Promise.allSettled([database.drop(), clickhouse.drop(), deleteTopics(BROKERS, topicPrefix), deleteRedisKeys(REDIS_URL, recsPrefix)]);
  for (const outcome of outcomes) if (outcome.status === 'rejected') progress(`clean-up: ${String(outcome.reason)}`);
  rmSync(dataDir, { recursive: true, force: true });
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

try {
  progress(`logs of the processes: ${dataDir}`);
  let eventStoreUrl = database.url;
  if (eventStoreKind === 'esdb') {
    const emulator = await startEsdbEmulator(dataDir);
    children.push(emulator.child);
    eventStoreUrl = emulator.url;
  }
  progress(`starting the system (${eventStoreKind} event store), one process per role ...`);
  const processes = await startSystem(
    {
      ...process.env,
      EVENTSTORE_URL: eventStoreUrl,
      DATABASE_URL: database.url,
      REDIS_URL,
      RECOMMENDATIONS_KEY_PREFIX: recsPrefix,
      CLICKHOUSE_URL: clickhouse.url,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      JWT_SECRET: `system benchmark secret ${run}, long enough for HS256`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      PAYMENT_TIMEOUT_MS: '10000',
      LOG_LEVEL: args['log-level'],
      SHOPVERSE_DATA_DIR: dataDir,
    },
    dataDir,
    args.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${args.profile}`],
  );
  roles = processes;
  const api = processes.find((role) => role.role === 'api');
  if (api === undefined) throw new Error('no api process');
  const sampler = new LagSampler(processes.map((role) => ({ name: `shopverse ${role.role}`, metricsUrl: `${role.origin}/metrics` })));

  progress(`seeding: categories, ${args.products} products (restocked), ${args.customers} customers ...`);
  const shop = await seedShop(api.origin, ADMIN, { products: Number(args.products), customers: Number(args.customers) });
  let tokensAt = Date.now();
  progress('waiting for the read models to catch up with the seed ...');
  for (let waited = 0; waited < 120; waited++) {
    const text = await fetch(`${api.origin}/metrics`).then((response) => response.text());
    if (!/^shopverse_projection_lag_events\{[^}]*\} [1-9]/m.test(text)) break;
    await sleep(1_000);
  }

  const loader = fork(join(import.meta.dirname, 'system', 'load-process.ts'), [], { execArgv: ['--import', 'tsx'] });
  children.push(loader);
  const figures = eventStoreKind === 'postgres' ? await EventStoreFigures.open(database.url) : undefined;
  const stats = new ProcessStats([
    ...processes.map((role) => single(`shopverse ${role.role}`, role.process.pid)),
    single('load generator', loader.pid),
    ...(eventStoreKind === 'esdb' ? [single('esdb emulator', children[0]?.pid)] : []),
    ...serviceGroups(),
  ]);
  const steps: StepFigures[] = [];
  for (const [index, rate] of rates.entries()) {
    if (Date.now() - tokensAt > TOKEN_MAX_AGE_MS) {
      progress('signing the customers in again (access tokens last 15 minutes) ...');
      for (const customer of shop.customers) customer.token = await login(api.origin, customer.email);
      tokensAt = Date.now();
    }
    const step: LoadStep = {
      origin: api.origin,
      ratePerSecond: rate,
      seconds,
      connections: Number(args.connections),
      productIds: shop.productIds,
      categoryIds: shop.categoryIds,
      searchWords: SEARCH_WORDS,
      customers: shop.customers.map(({ userId, token }) => ({ userId, token })),
    };
    const from = (await figures?.now()) ?? new Date();
    const transactionsBefore = await figures?.transactionsSoFar();
    stats.begin();
    sampler.start();
    const started = Date.now();
    const ticker = setInterval(() => {
      const left = Math.max(0, seconds - (Date.now() - started) / 1000);
      progress(`step ${index + 1}/${rates.length}: ${formatNumber(rate)} requests/s, ${left > 0 ? `${Math.ceil(left)} s left` : 'waiting for the last answers'}`);
    }, 5_000);
    const answered = new Promise<LoadResult>((resolve, reject) => {
      loader.once('message', (message) => resolve(LoadResultSchema.parse(message)));
      loader.once('exit', (code) => reject(new Error(`the load process exited (${code})`)));
    });
    loader.send(step);
    const load = await answered;
    clearInterval(ticker);
    loader.removeAllListeners('exit');
    const to = (await figures?.now()) ?? new Date();
    const { lags, eventLoopDelays, scrapeFailures } = sampler.stop();
    const processFigures = stats.end();
    const stepSeconds = (to.getTime() - from.getTime()) / 1000;
    const eventsPerSecond = figures === undefined ? undefined : (await figures.eventsBetween(from, to)) / stepSeconds;
    const transactionsAfter = await figures?.transactionsSoFar();
    const transactionsPerSecond = transactionsBefore === undefined || transactionsAfter === undefined ? undefined : (transactionsAfter - transactionsBefore) / stepSeconds;
    let orders: OrderFigures | undefined;
    const drainStart = Date.now();
    if (figures !== undefined) {
      progress(`step ${index + 1}/${rates.length}: waiting for its orders to end ...`);
      for (;;) {
        orders = await figures.ordersBetween(from, to);
        if (orders.unresolved === 0 || Date.now() - drainStart > DRAIN_LIMIT_MS) break;
        await sleep(500);
      }
    }
    const figure: StepFigures = { rate, load, eventsPerSecond, transactionsPerSecond, orders, lags, eventLoopDelays, scrapeFailures, drainSeconds: (Date.now() - drainStart) / 1000, processes: processFigures };
    steps.push(figure);
    progress(
      `step ${index + 1}/${rates.length} done: ${formatNumber((load.ok + load.expected4xx) / load.seconds)}/s answered, command p99 ${formatNumber(load.commands.p99, 1)} ms, query p99 ${formatNumber(load.queries.p99, 1)} ms, ${load.errors} errors`,
    );
  }
  await figures?.close();
  loader.disconnect();

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const weights = Object.entries(MIX_WEIGHTS).map(([name, weight]) => `${name} ${weight} %`).join(', ');
  const report = renderReport(steps, {
    eventStore: eventStoreKind === 'esdb' ? 'EventStoreDB (in-repo emulator)' : 'Postgres',
    seconds,
    date: new Date().toISOString().slice(0, 10),
    commit,
    machine: `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${formatNumber(totalmem() / 1024 ** 3, 1)} GiB memory, Node ${process.version}; the system, its services and the load generator share the machine`,
    seeded: `Seeded: 12 categories, ${shop.productIds.length} products with ${formatNumber(10_000_000)} units each, ${shop.customers.length} customers. Five processes (\`ROLES=api\`, \`projections\`, \`sagas\`, \`notifications\`, \`bridge\`) of \`node dist/infra/cli/main.js serve\`, LOG_LEVEL=${args['log-level']}; PAYMENT_TIMEOUT_MS=10000; load: one forked process, ${args.connections} keep-alive connections (undici).`,
    mix: `Mix: ${weights}. Orders have 1-5 lines (1-3 units each), a tenth paid with \`tok_declined\`; cancellations and status reads pick an order placed earlier in the step; reviews a random customer and product; views half anonymous. Commands: views, sign-ups, orders, cancellations, reviews; queries: the GETs.`,
  });
  console.log(report);
  writeFileSync(args.out, `# Benchmarks\n\n${report}`);
  progress(`written to ${args.out}`);
} finally {
  await cleanUp();
}
