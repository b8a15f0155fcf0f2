/**
 * `npm run bench:commands`: place-order throughput and latency against the running API (a separate
 * server process on the Postgres adapter, on real Postgres): flat out with autocannon (throughput), and
 * at a steady 1,000 orders/s in an open loop (latency), both from this process.
 * The server runs the API role only (`ROLES=api`). Options: `--connections N` (default 200), `--seconds N` (default 20), `--log-level L` (server; default warn).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort } from '../test/support/free-port.js';
import { createTestDatabase } from '../test/support/postgres.js';
import { openLoop } from './support/open-loop.js';
import { formatNumber, formatTable } from './support/stats.js';

const { values: args } = parseArgs({
  options: { connections: { type: 'string', default: '200' }, seconds: { type: 'string', default: '20' }, 'log-level': { type: 'string', default: 'warn' } },
});
const CUSTOMERS = 100;
const PRODUCTS = 20;
const ADMIN = { email: 'bench-admin@shopverse.test', password: 'bench-admin-password' };

const port = await freePort();
const base = `http://127.0.0.1:${port}`;

async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const database = await createTestDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-bench-'));
const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'dist/infra/cli/main.js', 'serve'], {
  env: {
    ...process.env,
    PORT: String(port),
    EVENTSTORE_URL: database.url,
    DATABASE_URL: database.url,
    JWT_SECRET: 'benchmark secret, long enough for HS256 signing',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_PER_MINUTE: '100000000',
    // The gateway alone: read models, the saga and notifications run in other processes in a deployment (bench:system measures them together).
    ROLES: 'api',
    LOG_LEVEL: args['log-level'],
    SHOPVERSE_DATA_DIR: dataDir,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${base}/health/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the server did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stderr.write('seeding: a category, products and customers ...\n');
  const admin = await api<{ accessToken: string }>('POST', '/api/v1/auth/login', ADMIN);
  const { categoryId } = await api<{ categoryId: string }>('POST', '/api/v1/categories', { name: 'Benchmark' }, admin.accessToken);
  const productIds: string[] = [];
  for (let n = 0; n < PRODUCTS; n++) {
    const body = { sku: `BENCH-${n}-${randomUUID().slice(0, 8)}`, name: `Product ${n}`, description: 'for the benchmark', price: { amount: 500 + n * 100, currency: 'USD' }, categoryId };
    productIds.push((await api<{ productId: string }>('POST', '/api/v1/products', body, admin.accessToken)).productId);
  }
  const tokens: string[] = [];
  for (let n = 0; n < CUSTOMERS; n++) {
    const email = `bench-${randomUUID()}@shopverse.test`;
    await api('POST', '/api/v1/users', { email, password: 'benchmark password', name: `Customer ${n}` });
    tokens.push((await api<{ accessToken: string }>('POST', '/api/v1/auth/login', { email, password: 'benchmark password' })).accessToken);
  }

  const orderBody = (): string => {
    const lines = 1 + Math.floor(Math.random() * 3);
    const chosen = [...productIds].sort(() => Math.random() - 0.5).slice(0, lines);
    return JSON.stringify({
      items: chosen.map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 3) })),
      shippingAddress: { name: 'Bench Customer', line1: '1 Load Street', city: 'Testville', postalCode: '12345', country: 'GB' },
      payment: { method: 'card', token: 'tok_visa' },
    });
  };
  const run = (seconds: number) =>
    autocannon({
      url: base,
      connections: Number(args.connections),
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/orders',
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)] ?? ''}` },
            body: orderBody(),
          }),
        },
      ],
    });
  process.stderr.write('warming up for 3 s ...\n');
  await run(3);
  const rows: string[][] = [];
  process.stderr.write(`placing orders with ${args.connections} connections for ${args.seconds} s, as fast as they go (autocannon) ...\n`);
  const flatOut = await run(Number(args.seconds));
  rows.push([
    'as fast as it goes (closed loop, autocannon)',
    String(flatOut.connections),
    formatNumber(flatOut.requests.total),
    formatNumber(flatOut['2xx'] / flatOut.duration),
    formatNumber(flatOut.latency.p50, 1),
    formatNumber(flatOut.latency.p90, 1),
    formatNumber(flatOut.latency.p99, 1),
    formatNumber(flatOut.non2xx + flatOut.errors + flatOut.timeouts),
  ]);
  process.stderr.write(`placing 1,000 orders/s evenly over ${args.connections} connections for ${args.seconds} s ...\n`);
  // Flat out, latency is mostly queueing (connections / throughput); offered at a steady rate it shows the service time.
  const paced = await openLoop({
    origin: base,
    connections: Number(args.connections),
    ratePerSecond: 1_000,
    seconds: Number(args.seconds),
    request: () => ({
      method: 'POST',
      path: '/api/v1/orders',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)] ?? ''}` },
      body: orderBody(),
    }),
  });
  rows.push([
    '1,000 orders/s offered (open loop)',
    args.connections,
    formatNumber(paced.sent),
    formatNumber(paced.accepted / paced.seconds),
    formatNumber(paced.p50, 1),
    formatNumber(paced.p90, 1),
    formatNumber(paced.p99, 1),
    formatNumber(paced.failed),
  ]);
  console.log(formatTable(['POST /api/v1/orders (Postgres adapter)', 'connections', 'requests', 'accepted/s', 'p50 ms', 'p90 ms', 'p99 ms', 'failed'], rows));
  console.log(`\nserver: a separate process (node dist), LOG_LEVEL=${args['log-level']}; PostgreSQL 15 on 127.0.0.1; load generator: autocannon in this process; orders have 1-3 lines of ${PRODUCTS} products, ${CUSTOMERS} customers`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
