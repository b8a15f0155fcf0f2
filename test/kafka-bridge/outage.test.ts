import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { expectComplete, freshPrefix, seed } from './support/fixture.js';
import { PrivateBroker } from './support/private-broker.js';
import { readWithKcat } from './support/read-topics.js';

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  dependencies: z.array(z.object({ name: z.string(), status: z.enum(['up', 'down']), detail: z.string().optional() })),
  projections: z.array(z.object({ name: z.string(), position: z.string() })),
});

let broker: PrivateBroker;
let database: TestDatabase;
let system: System;
const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-bridge-'));
const prefix = freshPrefix();

beforeAll(async () => {
  broker = await PrivateBroker.create();
  await broker.start();
  database = await createTestDatabase();
  // The bridge alone, as a deployment would run it: health and metrics are served whatever the roles.
  system = await createSystem(
    loadConfig({ EVENTSTORE_URL: database.url, DATABASE_URL: database.url, SHOPVERSE_DATA_DIR: dataDir, KAFKA_BROKERS: broker.address, KAFKA_TOPIC_PREFIX: prefix, KAFKA_TOPIC_PARTITIONS: '3', ROLES: 'bridge' }),
    createLogger('silent'),
  );
}, 180_000);

afterAll(async () => {
  await system.stop();
  await database.drop();
  await broker.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

async function readiness(): Promise<{ code: number; body: z.infer<typeof ReadinessSchema> }> {
  const response = await system.http.inject({ method: 'GET', url: '/health/ready' });
  return { code: response.statusCode, body: ReadinessSchema.parse(response.json()) };
}

async function metric(name: string): Promise<number> {
  const response = await system.http.inject({ method: 'GET', url: '/metrics' });
  const line = response.body.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no metric ${name}`);
  return Number(line.split(' ')[1]);
}

async function bridgePosition(): Promise<bigint> {
  const bridge = (await readiness()).body.projections.find((projection) => projection.name === 'kafka-bridge');
  return BigInt(bridge?.position ?? -1);
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${String(timeoutMs)} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Kafka bridge when the broker goes away', () => {
  it('pauses (readiness and metrics say so), and once the broker is back publishes everything by itself', async () => {
    const beforeOutage = await seed(system.eventStore, 100, 20);
    await eventually('the bridge published the first events', async () => (await bridgePosition()) >= beforeOutage);
    expect(await readiness()).toMatchObject({ code: 200, body: { status: 'ready' } });
    expect(await metric('shopverse_kafka_bridge_paused')).toBe(0);

    await broker.stop();
    const last = await seed(system.eventStore, 100, 20);
    await eventually('readiness reports Kafka down', async () => (await readiness()).code === 503);
    const { body } = await readiness();
    expect(body.status).toBe('not_ready');
    expect(body.dependencies.find((dependency) => dependency.name === 'kafka')).toMatchObject({ status: 'down', detail: expect.stringMatching(/paused/) as unknown });
    expect(await metric('shopverse_kafka_bridge_paused')).toBe(1);
    expect(await bridgePosition()).toBeLessThan(last);
    // The bridge's lag, as Prometheus sees it: behind by the events appended since the broker went away.
    await eventually('the lag shows', async () => (await metric('shopverse_kafka_bridge_lag_seconds')) > 0);
    expect(await metric('shopverse_kafka_bridge_position')).toBeLessThan(Number(last));

    await broker.start();
    await eventually('the bridge caught up after the broker came back', async () => (await bridgePosition()) >= last, 120_000);
    expect(await readiness()).toMatchObject({ code: 200, body: { status: 'ready' } });
    expect(await metric('shopverse_kafka_bridge_paused')).toBe(0);

    const messages = (await Promise.all(new BridgeTopics(prefix).all().map((topic) => readWithKcat(topic, broker.address)))).flat();
    expectComplete(messages, 2 * 100 * 20);
  }, 300_000);
});
