import type { RecordedEvent } from '../../infra/event-store/port.js';

const NOTHING_READY = Symbol('nothing ready');

/**
 * Groups a subscription's events into batches: everything already at hand (up to `maxSize`) goes
 * together, so a catch-up moves in large batches while a live tail answers each event at once. With
 * `lingerMs`, a batch whose first event has arrived also waits up to that long for more (still at most
 * `maxSize`), for a consumer that writes fewer, larger batches rather than each event at once.
 */
export async function* inBatches(events: AsyncIterable<RecordedEvent>, maxSize: number, lingerMs = 0): AsyncGenerator<RecordedEvent[]> {
  const iterator = events[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done === true) return;
      const batch = [first.value];
      const linger = lingerMs > 0 ? lingering(lingerMs) : undefined;
      let ended = false;
      while (batch.length < maxSize) {
        const next = iterator.next();
        // Ready means it settles before a macrotask: the source had it buffered.
        let ready = await Promise.race([next, new Promise<typeof NOTHING_READY>((resolve) => setImmediate(resolve, NOTHING_READY))]);
        // With a linger, what is not at hand yet is waited for until the linger ends (raced only then: not once an event).
        if (ready === NOTHING_READY && linger !== undefined) ready = await Promise.race([next, linger.over]);
        if (ready === NOTHING_READY) {
          pending = next;
          break;
        }
        if (ready.done === true) {
          ended = true;
          break;
        }
        batch.push(ready.value);
      }
      linger?.cancel();
      yield batch;
      if (ended) return;
    }
  } finally {
    // With a read still pending, the source finishes it before it can end, which may take until the
    // source is closed (its owner does that): end it without waiting here.
    if (pending === undefined) await iterator.return?.();
    else void iterator.return?.().catch(() => undefined);
  }
}

/** One timer per batch (not per event): `over` settles once `ms` have passed. */
function lingering(ms: number): { over: Promise<typeof NOTHING_READY>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<typeof NOTHING_READY>((resolve) => {
    timer = setTimeout(resolve, ms, NOTHING_READY);
  });
  return { over, cancel: () => clearTimeout(timer) };
}
