import type { RecordedEvent } from '../../infra/event-store/port.js';

export const HOUR_SECONDS = 3_600;

/** What every fact keeps of its event: which one, where in `$all`, and when it happened. */
export interface FactOrigin {
  readonly eventId: string;
  readonly position: bigint;
  /** The event's `occurredAt`, in seconds since the epoch: every fact of an event is timed by this one clock. */
  readonly occurredAt: number;
}

export function factOrigin(event: RecordedEvent): FactOrigin {
  const millis = Date.parse(event.metadata.occurredAt);
  return { eventId: event.eventId, position: event.position, occurredAt: epochSeconds(Number.isNaN(millis) ? event.recordedAt.getTime() : millis) };
}

/** Whole seconds: a DateTime of ClickHouse 18.16 holds seconds, from 1970 on. */
export const epochSeconds = (millis: number): number => Math.max(0, Math.floor(millis / 1_000));

/** The start of the hour a time falls in (the key of the hourly rollups). */
export const hourOf = (seconds: number): number => seconds - (seconds % HOUR_SECONDS);
