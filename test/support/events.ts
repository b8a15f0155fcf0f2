import { randomBytes, randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../infra/event-store/metadata.js';
import type { EventSubscription, EventToAppend, RecordedEvent } from '../../infra/event-store/port.js';

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    correlationId: randomUUID(),
    causationId: null,
    actorId: null,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
    ...overrides,
  };
}

export function anEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): EventToAppend {
  return { eventId: randomUUID(), type, data, metadata: metadata() };
}

/** A category no other test (or earlier run against the same store) uses. */
export function freshCategory(label = 'test'): string {
  return `${label}${randomBytes(5).toString('hex')}`;
}

export interface Collector {
  readonly events: RecordedEvent[];
  /** Resolves once at least `count` events arrived; fails with how many did otherwise. */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedEvent[]>;
  /** Closes the subscription and returns everything it delivered. */
  stop(): Promise<RecordedEvent[]>;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** Consumes a subscription in the background, as a projection would. */
export function collect(subscription: EventSubscription): Collector {
  const events: RecordedEvent[] = [];
  let failure: unknown;
  const consuming = (async () => {
    try {
      for await (const event of subscription) events.push(event);
    } catch (error) {
      failure = error;
    }
  })();
  return {
    events,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (failure !== undefined) throw asError(failure);
        if (Date.now() > deadline) throw new Error(`expected ${count} events within ${timeoutMs} ms, got ${events.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return events.slice(0, count);
    },
    async stop() {
      await subscription.close();
      await consuming;
      if (failure !== undefined) throw asError(failure);
      return events;
    },
  };
}
