import { WrongExpectedRevisionError } from '../errors.js';
import { ForwardingEventStore } from '../forwarding-event-store.js';
import type { AppendResult, EventToAppend, ExpectedRevision, ReadStreamOptions, RecordedEvent } from '../port.js';
import { readStreamIfExists } from '../read-stream-if-exists.js';
import { chainEvents, STREAM_START, type ChainLink } from './event-hash.js';

/** Hashes of stream heads remembered from reads; an entry for a revision never goes stale (events do not change). */
const REMEMBERED_HEADS = 50_000;

function linkOf(event: RecordedEvent): ChainLink {
  return { revision: event.revision, hash: event.metadata.hash ?? null };
}

/**
 * The event store with every appended event chained to the one before it in its stream (`previousHash`
 * and `hash` in its metadata), whatever the caller expected of the stream. A command reads its
 * stream before appending, so the hash of the revision it appends after is usually known already;
 * otherwise that one event is read. An append at `any` revision is made at the exact revision the
 * chain was built on, and built again if another writer got there first: the chain never forks.
 */
export class HashChainingEventStore extends ForwardingEventStore {
  private readonly heads = new Map<string, ChainLink>();

  override async append(streamId: string, events: readonly EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    const expected = options?.expectedRevision ?? 'any';
    if (typeof expected === 'bigint' || expected === 'no_stream') {
      const previous = expected === 'no_stream' ? STREAM_START : await this.linkAt(streamId, expected);
      return this.inner.append(streamId, chainEvents(streamId, previous, events), { expectedRevision: expected });
    }
    for (;;) {
      const [last] = (await readStreamIfExists(this.inner, streamId, { direction: 'backwards', maxCount: 1 })) ?? [];
      // Already appended (a retry after an unknown outcome): the store recognises the ids and writes nothing.
      if (last !== undefined && events.some((event) => event.eventId === last.eventId)) return this.inner.append(streamId, events, { expectedRevision: expected });
      if (last === undefined && expected === 'stream_exists') return this.inner.append(streamId, events, { expectedRevision: expected });
      const previous = last === undefined ? STREAM_START : linkOf(last);
      try {
        return await this.inner.append(streamId, chainEvents(streamId, previous, events), { expectedRevision: last === undefined ? 'no_stream' : last.revision });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
  }

  /** The link to the event at `revision` (read when not remembered); the stream's start when there is none, so the append's own revision check fails. */
  private async linkAt(streamId: string, revision: bigint): Promise<ChainLink> {
    const remembered = this.heads.get(streamId);
    if (remembered?.revision === revision) return remembered;
    const [event] = (await readStreamIfExists(this.inner, streamId, { direction: 'backwards', fromRevision: revision, maxCount: 1 })) ?? [];
    return event?.revision === revision ? linkOf(event) : STREAM_START;
  }

  private remember(event: RecordedEvent): void {
    this.heads.delete(event.streamId);
    if (this.heads.size >= REMEMBERED_HEADS) {
      const oldest = this.heads.keys().next();
      if (oldest.done !== true) this.heads.delete(oldest.value);
    }
    this.heads.set(event.streamId, linkOf(event));
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamId, options);
    const last = options?.direction === 'backwards' ? events[0] : events.at(-1);
    if (last !== undefined) this.remember(last);
    return events;
  }
}
