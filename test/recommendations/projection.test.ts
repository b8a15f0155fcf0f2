import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { RecommendationKeys } from '../../projections/recommendations/keys.js';
import { RecommendationsProjection } from '../../projections/recommendations/projection.js';
import { RecommendationWriter } from '../../projections/recommendations/redis-writer.js';
import { listParkedEvents } from '../../projections/runner/parked-events.js';
import { metadata } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { anOrder, aView } from '../support/shop-events.js';
import { appendAll, caughtUp, freshKeyPrefix, silentLogger } from './support/fixture.js';
import { dropKeys, dumpKeys } from './support/redis-dump.js';

const database = useEventStoreDatabase();
const [A, B, C, D, E] = Array.from({ length: 5 }, () => randomUUID()) as [string, string, string, string, string];
const [ann, bob, cyd, dan] = Array.from({ length: 4 }, () => randomUUID()) as [string, string, string, string];
const at = (minute: number): string => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

/** Three confirmed orders of A with B (one also with C); orders of A with D rejected or cancelled; views in three sessions. */
const history = [
  anOrder(ann, [A, B], 'confirmed', at(1)),
  anOrder(bob, [A, B], 'confirmed', at(2)),
  anOrder(cyd, [A, B, C], 'confirmed', at(3)),
  anOrder(dan, [A, D], 'rejected', at(4)),
  anOrder(dan, [A, D], 'cancelled', at(5)),
  anOrder(ann, [E], 'pending', at(6)),
  // One session of ann: A, B, A again, C, B again: each pair once.
  ...[A, B, A, C, B].map((product, i) => aView('session-1', product, ann, at(10 + i))),
  // An anonymous session viewing A and B: a second session for that pair.
  aView('session-2', A, null, at(20)),
  aView('session-2', B, null, at(21)),
  aView('session-3', D, null, at(22)),
];

describe('the recommendations projection', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = freshKeyPrefix();
  const keys = new RecommendationKeys(prefix);
  let store: EventStore;
  /** The position of the last event appended: `$all` may show it later (other tests' transactions on the server). */
  let last = -1n;
  /** Runs a projection (a new runner, as after a restart) until it has applied every event appended. */
  const runToTheEnd = async (): Promise<void> => {
    const running = new RecommendationsProjection({ store, db: database.db, redis, keys, logger: silentLogger });
    running.start();
    try {
      await caughtUp(running, last);
    } finally {
      await running.stop();
    }
  };

  beforeAll(async () => {
    await migrate(database.db, projectionMigrations);
    store = (await PostgresEventStore.open(database.db, { pollIntervalMs: 20 })).store;
    last = await appendAll(store, history);
  });
  afterAll(async () => {
    await dropKeys(redis, prefix);
    await store.close();
    redis.disconnect();
  });

  it('counts co-purchases of confirmed orders, co-views once per session, popularity, purchases and recent views', async () => {
    await runToTheEnd();
    const dump = await dumpKeys(redis, prefix);
    const minute = (n: number): string => String(Date.parse(at(n)));
    // Members of equal score come in member order.
    const [first, second] = [A, B].sort();
    expect(dump).toMatchObject({
      [`copurchase:${A}`]: [C, '1', B, '3'],
      [`copurchase:${B}`]: [C, '1', A, '3'],
      [`copurchase:${C}`]: [first, '1', second, '1'],
      [`coview:${A}`]: [C, '1', B, '2'],
      [`coview:${B}`]: [C, '1', A, '2'],
      [`coview:${C}`]: [first, '1', second, '1'],
      popular: [C, '1', first, '3', second, '3'],
      [`purchases:${ann}`]: [first, minute(1), second, minute(1)],
      [`views:${ann}`]: [A, minute(12), C, minute(13), B, minute(14)],
      checkpoint: last.toString(),
    });
    // Rejected and cancelled orders count nothing, a lone view pairs with nothing, the pending order waits.
    expect(Object.keys(dump).filter((key) => key.includes(D))).toEqual([]);
    expect(Object.keys(dump).filter((key) => key.startsWith('order:'))).toEqual([expect.stringMatching(/^order:/)]);
    expect(dump['settled-orders']).toHaveLength(5);
  });

  it('changes nothing when any event is applied again, in any order, or all of them from a checkpoint reset to the start', async () => {
    const before = await dumpKeys(redis, prefix);
    const events = await store.readAll();
    const writer = new RecommendationWriter(redis, keys);
    await writer.apply(events);
    for (const event of [...events].reverse()) await writer.apply([event]);
    expect(await dumpKeys(redis, prefix)).toEqual(before);

    await redis.del(keys.checkpoint);
    await runToTheEnd();
    expect(await dumpKeys(redis, prefix)).toEqual(before);
  });

  it('teaches a restarted Redis its scripts again', async () => {
    await redis.script('FLUSH');
    const more = anOrder(dan, [B, C], 'confirmed', at(30));
    last = await appendAll(store, [more]);
    await runToTheEnd();
    expect(await redis.zscore(keys.of('copurchase', B), C)).toBe('2');
  });

  it('parks an event that keeps failing (where operators see the others) and applies the rest', async () => {
    const poison = { eventId: randomUUID(), type: 'ProductViewed', data: { sessionId: 'session-9' }, metadata: metadata() };
    const { position } = await store.append(`browsing-${randomUUID()}`, [poison]);
    const views = [aView('session-9', C, null, at(30)), aView('session-9', E, null, at(31))];
    last = await appendAll(store, views);
    expect(last).toBeGreaterThan(position);
    const running = new RecommendationsProjection({ store, db: database.db, redis, keys, logger: silentLogger, attempts: 2, backoffMs: 1 });
    running.start();
    try {
      await caughtUp(running, last);
    } finally {
      await running.stop();
    }
    const parked = await listParkedEvents(database.db, 'recommendations');
    expect(parked.map((event) => [event.eventId, event.position])).toEqual([[poison.eventId, position]]);
    expect(await redis.zscore(keys.of('coview', C), E)).toBe('1');
  });
});
