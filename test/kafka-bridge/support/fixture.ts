import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import type { EventStore } from '../../../infra/event-store/port.js';
import type { KafkaBridge } from '../../../projections/kafka-bridge/kafka-bridge.js';
import { metadata } from '../../support/events.js';
import type { ReadMessage } from './read-topics.js';
import { REQUIRED_HEADERS } from './read-topics.js';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A topic prefix no other test (or earlier run against the same broker) uses. */
export function freshPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

const CATEGORIES = ['order', 'payment', 'inventory', 'product', 'user', 'review', 'browsing', 'notification-preferences', 'misc'];

/** `streams` streams across every context, `perStream` events each, appended interleaved; the last position. */
export async function seed(store: EventStore, streams: number, perStream: number, chunk = 10): Promise<bigint> {
  const ids = Array.from({ length: streams }, (_, i) => `${CATEGORIES[i % CATEGORIES.length] ?? 'misc'}-${randomUUID()}`);
  let last = -1n;
  for (let done = 0; done < perStream; done += chunk) {
    const results = await Promise.all(
      ids.map((streamId) =>
        store.append(
          streamId,
          Array.from({ length: Math.min(chunk, perStream - done) }, (_, i) => ({
            eventId: randomUUID(),
            type: 'ThingHappened',
            data: { n: done + i },
            metadata: metadata({ causationId: randomUUID() }),
          })),
        ),
      ),
    );
    for (const result of results) if (result.position > last) last = result.position;
  }
  return last;
}

export async function waitForPosition(bridge: KafkaBridge, position: bigint, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (bridge.status().position < position) {
    if (Date.now() > deadline) throw new Error(`bridge at ${String(bridge.status().position)}, not ${String(position)}, after ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every event once (duplicates must repeat an event id exactly), each stream in revision order, all headers. */
export function expectComplete(messages: readonly ReadMessage[], events: number): void {
  const firstSeen = new Map<string, ReadMessage>();
  const revisions = new Map<string, number[]>();
  for (const message of messages) {
    for (const header of REQUIRED_HEADERS) expect(message.headers[header], header).toBeDefined();
    expect(message.headers['event-id']).toBe(message.value.eventId);
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.key).toBe(message.value.streamId);
    const earlier = firstSeen.get(message.value.eventId);
    if (earlier !== undefined) {
      expect(message.value).toEqual(earlier.value);
      continue;
    }
    firstSeen.set(message.value.eventId, message);
    const list = revisions.get(message.key) ?? [];
    list.push(message.value.revision);
    revisions.set(message.key, list);
  }
  expect(firstSeen.size).toBe(events);
  for (const [, list] of revisions) expect(list).toEqual(list.map((_, i) => i));
}
