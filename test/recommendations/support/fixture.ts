import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { vi } from 'vitest';
import type { EventStore } from '../../../infra/event-store/port.js';
import type { RecommendationsProjection } from '../../../projections/recommendations/projection.js';
import type { StreamEvents } from '../../support/shop-events.js';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A key prefix no other test (or earlier run against the same Redis) uses. */
export const freshKeyPrefix = (): string => `test:recs:${randomUUID()}:`;

/** Appends the streams' events in turn; the position of the last one. */
export async function appendAll(store: EventStore, history: readonly StreamEvents[]): Promise<bigint> {
  let last = -1n;
  for (const { streamId, events } of history) {
    const { position } = await store.append(streamId, events);
    if (position > last) last = position;
  }
  return last;
}

/** Waits until the projection has applied the event at `position` (and so every one before it). */
export async function caughtUp(projection: RecommendationsProjection, position: bigint, timeoutMs = 30_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (projection.status().position < position) throw new Error(`the projection is at ${String(projection.status().position)}, not ${String(position)}`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
}
