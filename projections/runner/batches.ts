import type { RecordedEvent } from '../../infra/event-store/port.js';

const NOTHING_READY = Symbol('nothing ready');

/**
 * Groups a subscription's events into batches: everything already at hand (up to `maxSize`) goes
 * together, so a catch-up moves in large batches while a live tail answers each event at once.
 */
export async function* inBatches(events: AsyncIterable<RecordedEvent>, maxSize: number): AsyncGenerator<RecordedEvent[]> {
  const iterator = events[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  try {
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done === true) return;
      const batch = [first.value];
      while (batch.length < maxSize) {
        const next = iterator.next();
        // Ready means it settles before a macrotask: the source had it buffered.
        const ready = await Promise.race([next, new Promise<typeof NOTHING_READY>((resolve) => setImmediate(resolve, NOTHING_READY))]);
        if (ready === NOTHING_READY) {
          pending = next;
          break;
        }
        if (ready.done === true) {
          yield batch;
          return;
        }
        batch.push(ready.value);
      }
      yield batch;
    }
  } finally {
    // With a read still pending, the source finishes it before it can end, which may take until the
    // source is closed (its owner does that): end it without waiting here.
    if (pending === undefined) await iterator.return?.();
    else void iterator.return?.().catch(() => undefined);
  }
}
