/**
 * `npm run chaos`: the storefront's mix in an open loop against the whole system (one process per role)
 * while, in turn, each role's process is killed and restarted and each backing service (the read-model
 * Postgres, Redis, ClickHouse, the Kafka broker; private instances or a proxy, never the shared ones)
 * goes down for a while; then, caught up, the invariants are checked. Exit 1 if one fails.
 * Options: --rate N (visits/s, default 50), --outage-seconds N (10), --settle-seconds N (8),
 * --warmup-seconds N (10), --products N (20), --stock N (150 units each), --no-build, --keep-logs.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { waitCaughtUp } from './chaos/catch-up.js';
import { Cleanup } from './chaos/cleanup.js';
import { ADMIN, setUpEnvironment, systemEnv } from './chaos/environment.js';
import { HttpClient } from './chaos/http-client.js';
import { HttpStats } from './chaos/http-stats.js';
import { checkAuditVerify } from './chaos/invariants/audit.js';
import { checkAnalyticsCounts } from './chaos/invariants/clickhouse.js';
import { checkNoCrashes, checkNoServerErrors } from './chaos/invariants/http.js';
import { checkEveryEventOnKafka } from './chaos/invariants/kafka.js';
import { checkNoNotificationTwice } from './chaos/invariants/notifications.js';
import { checkOneCapturePerConfirmedOrder, checkOrdersSettled } from './chaos/invariants/orders.js';
import { checkNoOversell } from './chaos/invariants/stock.js';
import { OpenLoopLoad } from './chaos/load.js';
import { errorText, progress, sleep } from './chaos/log.js';
import { printReport } from './chaos/report.js';
import { MessageClock } from './chaos/message-clock.js';
import { faultAt, runFaults, roleFault } from './chaos/schedule.js';
import { seedCatalogue } from './chaos/seed.js';
import { Storefront } from './chaos/storefront.js';
import { startSystem } from './chaos/system.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    'outage-seconds': { type: 'string', default: '10' },
    'settle-seconds': { type: 'string', default: '8' },
    'warmup-seconds': { type: 'string', default: '10' },
    products: { type: 'string', default: '20' },
    stock: { type: 'string', default: '150' },
    'no-build': { type: 'boolean', default: false },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const positive = z.coerce.number().positive();
const options = {
  rate: positive.parse(values.rate),
  outageMs: positive.parse(values['outage-seconds']) * 1000,
  settleMs: positive.parse(values['settle-seconds']) * 1000,
  warmupMs: positive.parse(values['warmup-seconds']) * 1000,
  products: positive.int().parse(values.products),
  stock: positive.int().parse(values.stock),
};

const cleanup = new Cleanup();
cleanup.onSignals();

async function main(): Promise<boolean> {
  const began = new Date();
  if (!values['no-build']) {
    progress('setup', 'npm run build');
    await promisify(execFile)('npm', ['run', 'build']);
  }
  const env = await setUpEnvironment(cleanup, values['keep-logs']);
  const logDir = join(env.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const processEnv = systemEnv(env, { paymentTimeoutMs: 10_000 });
  const roles = await startSystem(processEnv, logDir, cleanup);
  const api = roles.find((role) => role.role === 'api');
  if (api === undefined) throw new Error('no API role');

  const stats = new HttpStats();
  const http = new HttpClient(api.origin, stats);
  const catalogue = await seedCatalogue(http, options.products, options.stock);
  progress('seed', `${catalogue.productIds.length} products with ${options.stock} units each`);

  const clock = new MessageClock(env.smtp);
  const storefront = new Storefront(catalogue);
  await storefront.registerCustomers(http, 10);
  const load = new OpenLoopLoad(storefront, http, options.rate);
  const status = (): string => `${stats.summary()}; visits ${load.started} (${load.skipped} skipped); ${JSON.stringify(storefront.counts)}`;
  const ticker = setInterval(() => progress('load', status()), 10_000);
  load.start();
  progress('load', `open loop at ${options.rate} visits/s; warming up ${options.warmupMs / 1000} s`);
  await sleep(options.warmupMs);
  const faults = [api, ...env.faults.map((fault, index) => [fault, roles[index + 1]] as const).flat()]
    .flatMap((item) => (item === undefined ? [] : 'process' in item ? [roleFault(item)] : [item]));
  const outcomes = await runFaults(faults, options.outageMs, options.settleMs, status);
  progress('load', 'stopping the load');
  await load.stop();
  clearInterval(ticker);
  progress('load', `stopped: ${status()}`);

  progress('catch-up', 'waiting for every role ready and every consumer at the last event');
  const catchUp = await waitCaughtUp(env, roles, 300_000);
  const notes = [
    `ClickHouse: ${env.clickHouseMode}`,
    `Postgres (read models): ${env.readModelMode}; the event store (a database of its own on the shared server) is reached directly`,
    `child logs: ${logDir}${values['keep-logs'] ? '' : ' (removed at the end; --keep-logs keeps them)'}`,
    `requests without an answer (refused while the API was down, or none within 15 s): ${stats.transportErrorSummary() || 'none'}`,
    catchUp.caughtUp ? 'caught up before the checks' : `NOT caught up after 300 s: ${catchUp.lagging.join(', ')}`,
  ];

  clock.stop();
  progress('check', 'checking the invariants');
  const login = z.object({ accessToken: z.string() }).safeParse((await http.send('POST', '/api/v1/auth/login', { body: ADMIN })).body);
  const accessToken = login.success ? login.data.accessToken : '(the admin could not sign in)';
  const results = [
    await checkNoOversell(env),
    await checkOrdersSettled(env),
    await checkOneCapturePerConfirmedOrder(env),
    await checkAuditVerify(env, processEnv),
    await checkEveryEventOnKafka(env),
    await checkAnalyticsCounts(env, api.origin, accessToken, began),
    await checkNoNotificationTwice(env, clock, (at) => faultAt(outcomes, at, options.settleMs)),
    checkNoServerErrors(stats),
    checkNoCrashes(roles),
  ];
  notes.push(`run took ${((Date.now() - began.getTime()) / 1000).toFixed(0)} s`);
  printReport(outcomes, results, notes);
  return results.every((result) => result.pass) && catchUp.caughtUp;
}

let ok = false;
try {
  ok = await main();
} catch (error) {
  progress('error', errorText(error));
} finally {
  progress('cleanup', 'stopping everything the run started');
  await cleanup.runAll();
}
process.exit(ok ? 0 : 1);
