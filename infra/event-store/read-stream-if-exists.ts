import { StreamNotFoundError } from './errors.js';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port.js';

/** The stream's events, or undefined when it has none (where the port throws StreamNotFoundError). */
export async function readStreamIfExists(store: EventStore, streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[] | undefined> {
  try {
    return await store.readStream(streamId, options);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}
