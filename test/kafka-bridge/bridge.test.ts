import { beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { KafkaBridge } from '../../projections/kafka-bridge/kafka-bridge.js';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { ensureBroker, TEST_BROKER } from './support/broker.js';
import { expectComplete, freshPrefix, seed, silentLogger, waitForPosition } from './support/fixture.js';
import { readWithKafkajs, readWithKcat } from './support/read-topics.js';

const database = useEventStoreDatabase();

beforeAll(async () => {
  await ensureBroker();
  await migrate(database.db, projectionMigrations);
}, 180_000);

async function readAll(topics: BridgeTopics): Promise<Awaited<ReturnType<typeof readWithKcat>>> {
  return (await Promise.all(topics.all().map((topic) => readWithKcat(topic)))).flat();
}

describe('the Kafka bridge', () => {
  it('puts 10,000 events of 200 streams on Kafka, each stream in order, with every header', async () => {
    const { store } = await PostgresEventStore.open(database.db, { pollIntervalMs: 20 });
    const prefix = freshPrefix();
    const topics = new BridgeTopics(prefix);
    const bridge = new KafkaBridge({ store, db: database.db, brokers: [TEST_BROKER], logger: silentLogger, topicPrefix: prefix, partitions: 3 });
    try {
      const last = await seed(store, 200, 50);
      bridge.start();
      await waitForPosition(bridge, last);
      expect(bridge.status()).toMatchObject({ running: true, connected: true, leader: true, position: last });

      const viaKcat = await readAll(topics);
      expectComplete(viaKcat, 10_000);
      const order = viaKcat.find((message) => message.key.startsWith('order-'));
      expect(order?.topic).toBe(`${prefix}.ordering.v1`);
      expect(viaKcat.find((message) => message.key.startsWith('misc-'))?.topic).toBe(`${prefix}.other.v1`);

      const viaKafkajs = await readWithKafkajs(topics.all(), viaKcat.length);
      expectComplete(viaKafkajs, 10_000);
    } finally {
      await bridge.stop();
      await store.close();
    }
  }, 180_000);
});
