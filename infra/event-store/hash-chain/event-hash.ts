import { createHash } from 'node:crypto';
import { canonicalJson } from '../../json/canonical-json.js';
import type { EventData, EventToAppend } from '../port.js';
import type { EventMetadata } from '../metadata.js';

/** An event as its hash covers it: where it stands, what it says and everything its metadata says. */
export interface HashedContent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly data: EventData;
  readonly metadata: EventMetadata;
}

/** The last event of a stream as the next one links to it: none yet (`revision` -1, no hash), or its revision and hash. */
export interface ChainLink {
  readonly revision: bigint;
  readonly hash: string | null;
}

export const STREAM_START: ChainLink = { revision: -1n, hash: null };

/**
 * SHA-256 (hex) of the canonical JSON of the event's stream, revision, id, type, data and metadata,
 * the metadata's `previousHash` included and its own `hash` left out: altering any of it, or moving
 * the event elsewhere in its stream, changes the hash.
 */
export function eventHash(event: HashedContent): string {
  const metadata = Object.fromEntries(Object.entries(event.metadata).filter(([key]) => key !== 'hash'));
  const content = { streamId: event.streamId, revision: event.revision.toString(), eventId: event.eventId, type: event.type, data: event.data, metadata };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The events with `previousHash` and `hash` in their metadata, each linked to the one before, the first to `previous`. */
export function chainEvents(streamId: string, previous: ChainLink, events: readonly EventToAppend[]): EventToAppend[] {
  let link = previous;
  return events.map((event) => {
    const revision = link.revision + 1n;
    const metadata = { ...event.metadata, previousHash: link.hash };
    const hash = eventHash({ streamId, revision, eventId: event.eventId, type: event.type, data: event.data, metadata });
    link = { revision, hash };
    return { ...event, metadata: { ...metadata, hash } };
  });
}
