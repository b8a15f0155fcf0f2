import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { DELETED_STREAM, METADATA_EVENT_TYPE, metastreamOf, originalStreamOf, type ExpectedRevision, type ProposedEvent, type RecordedEvent } from './model.js';
import { StreamState } from './stream-state.js';
import { decideWrite, type WriteDecision } from './write-decision.js';

export type WriteFailure =
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint }
  | { readonly kind: 'stream_deleted' };

/** A successful append; `position` is the last event's, absent when nothing was appended. */
export type WriteOutcome = { readonly kind: 'written'; readonly lastRevision: bigint; readonly position: bigint | undefined } | WriteFailure;

export type DeleteOutcome = { readonly kind: 'deleted'; readonly position: bigint } | WriteFailure;

/** The log opens with an epoch record, as EventStoreDB's does, so no event sits at position 0. */
const LOG_START = 128n;
/** Bytes of a prepare record besides its stream name, type and payloads (EventStoreDB's layout, roughly). */
const RECORD_OVERHEAD = 94;
const COMMIT = 'commit';
const SOFT_DELETED_METADATA = `{"$tb":${DELETED_STREAM.toString()}}`;
const NO_BYTES = new Uint8Array();

/**
 * The in-memory transaction log: `$all` in position order plus an index per stream. Every
 * operation is synchronous and atomic; `onCommit`/`nextCommit` tell readers that records were added.
 */
export class EventLog {
  private readonly records: RecordedEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly commits = new EventEmitter().setMaxListeners(0);
  private nextPosition = LOG_START;

  get length(): number {
    return this.records.length;
  }

  recordAt(index: number): RecordedEvent | undefined {
    return this.records[index];
  }

  /** The index of the first record at or after a position (`length` when there is none). */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const record = this.records[middle];
      if (record !== undefined && record.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  stream(streamName: string): StreamState | undefined {
    return this.streams.get(streamName);
  }

  onCommit(listener: () => void): void {
    this.commits.on(COMMIT, listener);
  }

  /** Resolves at the next commit; rejects with an AbortError when the signal aborts first. */
  async nextCommit(signal: AbortSignal): Promise<void> {
    await once(this.commits, COMMIT, { signal });
  }

  append(streamName: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): WriteOutcome {
    const stream = this.state(streamName);
    const decision = decideWrite(stream, expected, events.map((event) => event.id));
    switch (decision.kind) {
      case 'stream_deleted':
      case 'wrong_expected_version':
        return failure(decision, stream);
      case 'idempotent':
        return { kind: 'written', lastRevision: decision.lastRevision, position: stream.eventAt(decision.lastRevision)?.position };
      case 'write': {
        const original = originalStreamOf(streamName);
        // Writing a soft-deleted stream's metadata undeletes it, as EventStoreDB's writer does.
        const undeleteOriginal = original !== undefined && this.stream(original)?.isSoftDeleted === true;
        const recreateFrom = stream.lastRevision + 1n;
        let position: bigint | undefined;
        for (const event of events) {
          const record = this.record(streamName, event, stream.lastRevision + 1n);
          stream.add(record);
          position = record.position;
        }
        if (decision.undelete) this.undelete(streamName, recreateFrom);
        if (undeleteOriginal) this.undelete(original, this.state(original).lastRevision + 1n);
        this.commits.emit(COMMIT);
        return { kind: 'written', lastRevision: stream.lastRevision, position };
      }
    }
  }

  /** Soft delete: `$tb` past every event in the `$$` stream; the stream's events stay in `$all`. */
  softDelete(streamName: string, expected: ExpectedRevision): DeleteOutcome {
    const stream = this.state(streamName);
    const decision = this.decideDelete(stream, expected);
    if (decision.kind === 'stream_deleted' || decision.kind === 'wrong_expected_version') return failure(decision, stream);
    const record = this.writeMetadata(streamName, SOFT_DELETED_METADATA);
    this.commits.emit(COMMIT);
    return { kind: 'deleted', position: record.position };
  }

  /** Hard delete: a `$streamDeleted` record at revision long.MaxValue; the stream can never be written again. */
  tombstone(streamName: string, expected: ExpectedRevision): DeleteOutcome {
    const stream = this.state(streamName);
    const decision = this.decideDelete(stream, expected);
    if (decision.kind === 'stream_deleted' || decision.kind === 'wrong_expected_version') return failure(decision, stream);
    const record = this.record(
      streamName,
      { id: randomUUID(), type: '$streamDeleted', contentType: 'application/octet-stream', data: NO_BYTES, customMetadata: NO_BYTES },
      DELETED_STREAM,
    );
    stream.tombstone(record);
    this.commits.emit(COMMIT);
    return { kind: 'deleted', position: record.position };
  }

  /** Deletes are checked like a write of one new event, as EventStoreDB does. */
  private decideDelete(stream: StreamState, expected: ExpectedRevision): WriteDecision {
    return decideWrite(stream, expected, [randomUUID()]);
  }

  /** Sets `$tb` in the stream's current metadata (keeping its other keys) so that old events stay hidden. */
  private undelete(streamName: string, recreateFrom: bigint): void {
    const current = this.state(streamName).metadataJson;
    const parsed: unknown = current === undefined ? {} : parseJson(current);
    // EventStoreDB leaves the stream deleted when its metadata is not a JSON object.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
    this.writeMetadata(streamName, JSON.stringify({ ...parsed, $tb: Number(recreateFrom) }));
  }

  private writeMetadata(streamName: string, json: string): RecordedEvent {
    const metastream = this.state(metastreamOf(streamName));
    const record = this.record(
      metastreamOf(streamName),
      { id: randomUUID(), type: METADATA_EVENT_TYPE, contentType: 'application/json', data: Buffer.from(json), customMetadata: NO_BYTES },
      metastream.lastRevision + 1n,
    );
    metastream.add(record);
    return record;
  }

  private record(streamName: string, event: ProposedEvent, revision: bigint): RecordedEvent {
    const record: RecordedEvent = { ...event, streamName, revision, position: this.nextPosition, created: nowInTicks() };
    this.nextPosition += BigInt(RECORD_OVERHEAD + Buffer.byteLength(streamName) + Buffer.byteLength(event.type) + event.data.length + event.customMetadata.length);
    this.records.push(record);
    const original = originalStreamOf(streamName);
    if (original !== undefined) this.state(original).metadataWritten(record);
    return record;
  }

  private state(streamName: string): StreamState {
    let stream = this.streams.get(streamName);
    if (stream === undefined) {
      stream = new StreamState();
      this.streams.set(streamName, stream);
    }
    return stream;
  }
}

function failure(decision: { readonly kind: 'stream_deleted' | 'wrong_expected_version' }, stream: StreamState): WriteFailure {
  return decision.kind === 'stream_deleted' ? { kind: 'stream_deleted' } : { kind: 'wrong_expected_version', currentRevision: stream.lastRevision };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

function nowInTicks(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 10_000));
}
