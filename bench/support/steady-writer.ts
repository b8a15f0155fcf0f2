import type { EventStore } from '../../infra/event-store/port.js';
import type { ShopHistory } from './domain-history.js';

/** One append of the steady load. */
export interface TimedAppend {
  readonly events: number;
  /** Its tick's planned send time (`performance.now()` clock). */
  readonly planned: number;
  readonly acknowledged: number;
  /** Of its last event: an `$all` subscriber has applied the whole append once its checkpoint is here. */
  readonly position: bigint;
}

const TICK_MS = 10;

/**
 * Appends the history's next events at a steady rate, open loop: every 10 ms the events due by then
 * are sent (the streams of a happening as separate appends, as handlers write them), whether or not
 * earlier appends have been answered, so a store or event loop falling behind shows as lag.
 */
export async function writeSteadily(store: EventStore, history: ShopHistory, ratePerSecond: number, seconds: number): Promise<TimedAppend[]> {
  const written: TimedAppend[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick++) {
    const planned = started + tick * TICK_MS;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const due = Math.round((ratePerSecond * (tick + 1) * TICK_MS) / 1000);
    while (sent < due) {
      for (const append of history.next()) {
        const events = append.events.length;
        sent += events;
        inFlight.push(
          store.append(append.streamId, append.events).then((result) => {
            written.push({ events, planned, acknowledged: performance.now(), position: result.position });
          }),
        );
      }
    }
  }
  await Promise.all(inFlight);
  return written;
}
