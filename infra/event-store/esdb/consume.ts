import type { StreamingRead } from '@eventstore/db-client';

/**
 * Reads until `stop` says so or the read ends. Leaving a read early must cancel it: a call left
 * paused and unfinished keeps the client's `dispose()` waiting for ever.
 */
export async function consumeUntil<E>(read: StreamingRead<E>, stop: (event: E) => boolean): Promise<void> {
  for await (const event of read) {
    if (stop(event)) {
      await read.cancel();
      return;
    }
  }
}

/** Every event of a read that ends by itself (a `maxCount` read). */
export async function readToEnd<E>(read: StreamingRead<E>): Promise<E[]> {
  const events: E[] = [];
  for await (const event of read) events.push(event);
  return events;
}
