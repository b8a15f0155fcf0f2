import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';

/** Deletes the topics the bridge created under `prefix` (only those that exist: one missing fails the whole request). */
export async function deleteTopics(brokers: readonly string[], prefix: string): Promise<number> {
  const admin = new kafkajs.Kafka({ brokers: [...brokers], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = new BridgeTopics(prefix).all().filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every Redis key under `prefix` (the run's recommendations). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
