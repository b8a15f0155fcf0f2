import { DELETED_STREAM, METADATA_EVENT_TYPE, type RecordedEvent } from './model.js';
import type { StreamView } from './write-decision.js';

const TRUNCATE_BEFORE = /"\$tb"\s*:\s*(\d+)/;

/** One stream: its events by revision, its tombstone, and what its `$$` stream last said about it. */
export class StreamState implements StreamView {
  private readonly eventList: RecordedEvent[] = [];
  private readonly revisions = new Map<string, bigint>();
  private tombstoneEvent: RecordedEvent | undefined;
  private metadata: RecordedEvent | undefined;
  private truncatedBefore: bigint | undefined;

  get events(): readonly RecordedEvent[] {
    return this.eventList;
  }

  get lastRevision(): bigint {
    return BigInt(this.eventList.length) - 1n;
  }

  get isTombstoned(): boolean {
    return this.tombstoneEvent !== undefined;
  }

  get isSoftDeleted(): boolean {
    return this.truncatedBefore === DELETED_STREAM;
  }

  get hasMetadata(): boolean {
    return this.metadata !== undefined;
  }

  /** The data of the last `$metadata` event, if any. */
  get metadataJson(): Uint8Array | undefined {
    return this.metadata?.type === METADATA_EVENT_TYPE ? this.metadata.data : undefined;
  }

  /** The first revision reads see: `$tb` hides older events (soft deletion sets it past every event). */
  get firstVisibleRevision(): bigint {
    return this.truncatedBefore ?? 0n;
  }

  revisionOf(eventId: string): bigint | undefined {
    return this.revisions.get(eventId);
  }

  eventIdAt(revision: bigint): string | undefined {
    return this.eventAt(revision)?.id;
  }

  eventAt(revision: bigint): RecordedEvent | undefined {
    return revision < 0n || revision > this.lastRevision ? undefined : this.eventList[Number(revision)];
  }

  add(event: RecordedEvent): void {
    this.eventList.push(event);
    this.revisions.set(event.id, event.revision);
  }

  tombstone(event: RecordedEvent): void {
    this.tombstoneEvent = event;
  }

  /** An event was written to this stream's `$$` stream. */
  metadataWritten(event: RecordedEvent): void {
    this.metadata = event;
    if (event.type !== METADATA_EVENT_TYPE) return;
    const truncateBefore = TRUNCATE_BEFORE.exec(Buffer.from(event.data).toString('utf8'))?.[1];
    this.truncatedBefore = truncateBefore === undefined ? undefined : BigInt(truncateBefore);
  }
}
