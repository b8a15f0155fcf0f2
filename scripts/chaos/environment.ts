import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateBroker } from '../../test/kafka-bridge/support/private-broker.js';
import { createTestDatabase } from '../../test/support/postgres.js';
import { SmtpSink } from '../../test/support/smtp-sink.js';
import { TcpProxy } from '../../test/support/tcp-proxy.js';
import type { Cleanup } from './cleanup.js';
import type { Fault } from './fault.js';
import { errorText, progress } from './log.js';
import { privateClickHouse } from './private-clickhouse.js';
import { privatePostgres } from './private-postgres.js';
import { privateRedis } from './private-redis.js';

export const ADMIN = { email: 'chaos-admin@shopverse.test', password: 'chaos admin password' } as const;

/** Everything the system under test runs against, all of it the run's own. */
export interface Environment {
  readonly dir: string;
  readonly runId: string;
  /** The event store's database (direct). */
  readonly eventStoreUrl: string;
  /** The read models' database, direct (for the checks) and as the system reaches it (the same, or through the proxy). */
  readonly readModelUrl: string;
  readonly readModelProxiedUrl: string;
  /** How the read models' Postgres is taken down: its own server, or a proxy in front of a database of the shared one. */
  readonly readModelMode: 'private server' | 'proxy in front of the shared server';
  readonly redisUrl: string;
  readonly clickHouseServer: string;
  readonly clickHouseDatabase: string;
  /** How ClickHouse is taken down: its own server, or a proxy in front of the shared one. */
  readonly clickHouseMode: 'private server' | 'proxy in front of the shared server';
  readonly kafkaBroker: string;
  readonly topicPrefix: string;
  readonly recommendationsPrefix: string;
  readonly smtp: SmtpSink;
  readonly faults: readonly Fault[];
}

async function clickHouse(dir: string, cleanup: Cleanup): Promise<{ server: string; mode: Environment['clickHouseMode']; fault: Fault }> {
  const { server, process } = await privateClickHouse(dir);
  try {
    await process.start();
    cleanup.add('clickhouse', () => process.stop());
    return { server, mode: 'private server', fault: { name: 'ClickHouse', how: 'private server stopped (SIGTERM), started again', down: () => process.stop(), up: () => process.start() } };
  } catch (error) {
    await process.stop('SIGKILL');
    progress('setup', `private ClickHouse did not start (${errorText(error)}); using a TCP proxy in front of the shared one`);
    const { proxy, url } = await TcpProxy.inFrontOf('http://127.0.0.1:8123');
    cleanup.add('clickhouse proxy', () => proxy.close());
    return { server: url.replace(/\/$/, ''), mode: 'proxy in front of the shared server', fault: { name: 'ClickHouse', how: 'TCP proxy in front of the shared server cut', down: () => proxy.cut(), up: () => proxy.restore() } };
  }
}

/**
 * The read models on a Postgres server of the run's own (stopped and started as the fault), or, when
 * one cannot be made here, in a database of the shared server behind a TCP proxy the fault cuts.
 */
async function readModelDatabase(dir: string, cleanup: Cleanup): Promise<{ url: string; directUrl: string; mode: Environment['readModelMode']; fault: Fault }> {
  const name = 'Postgres (read models)';
  try {
    const { url, process } = await privatePostgres(dir);
    cleanup.add('read-model postgres', () => process.stop('SIGINT'));
    // SIGINT: a fast shutdown, the sessions ended, as an operator's restart.
    return { url, directUrl: url, mode: 'private server', fault: { name, how: 'private server stopped (fast shutdown), started again', down: () => process.stop('SIGINT'), up: () => process.start() } };
  } catch (error) {
    progress('setup', `private Postgres did not start (${errorText(error)}); the read models in a database of the shared server, behind a TCP proxy`);
    const database = await createTestDatabase();
    cleanup.add('read-model database', () => database.drop());
    const { proxy, url } = await TcpProxy.inFrontOf(database.url);
    cleanup.add('read-model proxy', () => proxy.close());
    return { url, directUrl: database.url, mode: 'proxy in front of the shared server', fault: { name, how: 'TCP proxy in front of the read-model database cut', down: () => proxy.cut(), up: () => proxy.restore() } };
  }
}

/**
 * PrivateBroker.create fails when its random cluster id starts with '-' (StorageTool takes it for an
 * option; 1 in 64): try again.
 */
async function createBroker(): Promise<PrivateBroker> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await PrivateBroker.create();
    } catch (error) {
      if (attempt >= 4) throw error;
      progress('setup', `formatting the private broker failed (attempt ${attempt}): ${errorText(error).split('\n')[0] ?? ''}; again`);
    }
  }
}

export async function setUpEnvironment(cleanup: Cleanup, keepDir = false): Promise<Environment> {
  // Its private Redis, ClickHouse and broker run from the binaries and jars services.sh installs.
  execFileSync('bash', ['scripts/services.sh', 'install'], { env: { ...process.env, SERVICES: 'redis clickhouse kafka' }, stdio: ['ignore', 'inherit', 'inherit'] });
  const runId = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'shopverse-chaos-'));
  if (!keepDir) cleanup.add('temporary directory', () => Promise.resolve(rmSync(dir, { recursive: true, force: true })));

  const eventStore = await createTestDatabase();
  cleanup.add('event store database', () => eventStore.drop());
  const readModels = await readModelDatabase(dir, cleanup);
  progress('setup', `Postgres: event store ${new URL(eventStore.url).pathname.slice(1)} on the shared server; read models on a ${readModels.mode} at ${readModels.url}`);

  const redis = await privateRedis(dir);
  await redis.process.start();
  cleanup.add('redis', () => redis.process.stop());
  progress('setup', `private Redis at ${redis.url}`);

  const ch = await clickHouse(dir, cleanup);
  progress('setup', `ClickHouse (${ch.mode}) at ${ch.server}`);

  progress('setup', 'private Kafka broker: formatting and starting');
  const broker = await createBroker();
  cleanup.add('kafka broker', () => broker.destroy());
  await broker.start();
  progress('setup', `private Kafka broker at ${broker.address}`);

  const smtp = await SmtpSink.start();
  cleanup.add('smtp sink', () => smtp.close());

  const faults: Fault[] = [
    readModels.fault,
    { name: 'Redis', how: 'private server killed (SIGKILL), started again empty', down: () => redis.process.stop('SIGKILL'), up: () => redis.process.start() },
    ch.fault,
    { name: 'Kafka broker', how: 'private broker stopped (SIGTERM), started again', down: () => broker.stop(), up: () => broker.start() },
  ];
  return {
    dir,
    runId,
    eventStoreUrl: eventStore.url,
    readModelUrl: readModels.directUrl,
    readModelProxiedUrl: readModels.url,
    readModelMode: readModels.mode,
    redisUrl: redis.url,
    clickHouseServer: ch.server,
    clickHouseDatabase: `chaos_${runId}`,
    clickHouseMode: ch.mode,
    kafkaBroker: broker.address,
    topicPrefix: `chaos-${runId}`,
    recommendationsPrefix: `chaos-${runId}:recs:`,
    smtp,
    faults,
  };
}

/** The environment of every role process (and of the CLI, with the direct read-model URL). */
export function systemEnv(env: Environment, options: { paymentTimeoutMs: number }): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|EVENTSTORE_URL|DATABASE_URL|REDIS_URL|KAFKA_|CLICKHOUSE_URL|JWT_SECRET|ADMIN_|LOG_LEVEL|SHOPVERSE_|ROLES|SMTP_|NOTIFICATION_|OTEL_|PAYMENT_|RATE_LIMIT|RECOMMENDATIONS_)/.test(key)));
  return {
    ...inherited,
    EVENTSTORE_URL: env.eventStoreUrl,
    DATABASE_URL: env.readModelProxiedUrl,
    REDIS_URL: env.redisUrl,
    RECOMMENDATIONS_KEY_PREFIX: env.recommendationsPrefix,
    KAFKA_BROKERS: env.kafkaBroker,
    KAFKA_TOPIC_PREFIX: env.topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '3',
    CLICKHOUSE_URL: `${env.clickHouseServer}/${env.clickHouseDatabase}`,
    JWT_SECRET: `chaos run ${env.runId}: a secret long enough for HS256`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMTP_URL: env.smtp.url,
    RATE_LIMIT_PER_MINUTE: '10000000',
    PAYMENT_TIMEOUT_MS: String(options.paymentTimeoutMs),
    LOG_LEVEL: 'warn',
    SHOPVERSE_DATA_DIR: join(env.dir, 'data'),
  };
}
