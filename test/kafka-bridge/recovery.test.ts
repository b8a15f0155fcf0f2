import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { KafkaBridge } from '../../projections/kafka-bridge/kafka-bridge.js';
import { HEADER } from '../../projections/kafka-bridge/messages.js';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';
import { metadata } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { ensureBroker, TEST_BROKER } from './support/broker.js';
import { expectComplete, freshPrefix, seed, silentLogger, waitForPosition } from './support/fixture.js';
import { readWithKcat } from './support/read-topics.js';

const database = useEventStoreDatabase();

beforeAll(async () => {
  await ensureBroker();
  await migrate(database.db, projectionMigrations);
}, 180_000);

describe('the Kafka bridge, interrupted', () => {
  it('continues from its checkpoint after a restart mid-run', async () => {
    const { store } = await PostgresEventStore.open(database.db, { pollIntervalMs: 20 });
    const prefix = freshPrefix();
    const topics = new BridgeTopics(prefix);
    const options = { store, db: database.db, brokers: [TEST_BROKER], logger: silentLogger, topicPrefix: prefix, partitions: 2, batchSize: 200 };
    const first = new KafkaBridge(options);
    const second = new KafkaBridge(options);
    try {
      const last = await seed(store, 100, 40);
      first.start();
      await waitForPosition(first, 1n);
      await first.stop();
      const stoppedAt = first.status().position;
      expect(stoppedAt).toBeLessThan(last);

      second.start();
      await waitForPosition(second, last);
      const messages = (await Promise.all(topics.all().map((topic) => readWithKcat(topic)))).flat();
      expectComplete(messages, 4_000);
      // At least once, but no replay from the start: only the unacknowledged tail may come twice.
      expect(messages.length).toBeLessThan(4_000 + 200 * 2);
    } finally {
      await first.stop();
      await second.stop();
      await store.close();
    }
  }, 180_000);

  it('sends an event the broker refuses as too large to the dead-letter topic and goes on', async () => {
    const { store } = await PostgresEventStore.open(database.db, { pollIntervalMs: 20 });
    const prefix = freshPrefix();
    const topics = new BridgeTopics(prefix);
    const bridge = new KafkaBridge({ store, db: database.db, brokers: [TEST_BROKER], logger: silentLogger, topicPrefix: prefix, partitions: 1 });
    try {
      const streamId = `review-${randomUUID()}`;
      const event = (data: Record<string, unknown>) => ({ eventId: randomUUID(), type: 'ReviewWritten', data, metadata: metadata() });
      const huge = event({ text: 'x'.repeat(2 * 1024 * 1024) });
      const { position } = await store.append(streamId, [event({ text: 'before' }), huge, event({ text: 'after' })]);
      bridge.start();
      await waitForPosition(bridge, position);

      const published = await readWithKcat(topics.forContext('reviews'));
      expect(published.filter((message) => message.key === streamId).map((message) => message.value.data)).toEqual([{ text: 'before' }, { text: 'after' }]);
      const dead = await readWithKcat(topics.deadLetter);
      expect(dead.map((message) => message.value.eventId)).toEqual([huge.eventId]);
      expect(dead[0]?.headers[HEADER.deadLetterReason]).toMatch(/MESSAGE_TOO_LARGE/);
      expect(dead[0]?.headers[HEADER.originalTopic]).toBe(topics.forContext('reviews'));
    } finally {
      await bridge.stop();
      await store.close();
    }
  }, 120_000);
});
