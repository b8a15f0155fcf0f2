import type { EventMetadata } from './metadata.js';

/** JSON-serialisable event payload. */
export type EventData = Readonly<Record<string, unknown>>;

/**
 * What the caller asserts about the stream before appending, as in EventStoreDB:
 * `any` (no check), `no_stream`, `stream_exists`, or the exact revision of the last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface EventToAppend {
  /** Chosen by the caller (a UUID): re-appending the same ids is recognised and is a no-op. */
  readonly eventId: string;
  readonly type: string;
  readonly data: EventData;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  /** Zero-based position of the event within its stream. */
  readonly revision: bigint;
  /** Position in `$all`: strictly increasing in the order subscribers see events; not dense. */
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly data: EventData;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the stream's last event: the expected revision for the next append. */
  readonly nextRevision: bigint;
  /**
   * Global position of the last event written (or already present, for an idempotent re-append;
   * -1 where the store does not say, as EventStoreDB for idempotent re-appends).
   * It orders the event in `$all`, but is not a checkpoint to subscribe from: on Postgres, a
   * concurrent transaction that started earlier may still commit events below it. Checkpoints are
   * positions a subscription (or `readAll`) delivered. A subscriber reaches this position once
   * every earlier transaction has ended.
   */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Default: `start` forwards, `end` backwards. */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
}

export interface EventFilter {
  /** Only events whose type is one of these. */
  readonly eventTypes?: readonly string[];
  /** Only events whose stream id starts with one of these (e.g. `order-`). */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /** Inclusive. Default: `start` forwards, `end` backwards. */
  readonly fromPosition?: bigint | 'start' | 'end';
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: the first event delivered is the one after this position. Default `start`. */
  readonly fromPosition?: bigint | 'start' | 'end';
  readonly filter?: EventFilter;
  /**
   * How many events a subscriber takes at once: adapters that read in pages while catching up may
   * fetch this many per read (a hint; streaming adapters ignore it).
   */
  readonly readAhead?: number;
}

/** Catch-up then live, in global order, never skipping an event; system events excluded. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
}

export interface EventStore {
  /** Which adapter backs the port, for start-up logs and health checks. */
  readonly description: string;
  /**
   * Appends atomically, or throws: `WrongExpectedRevisionError` (nothing written), `InvalidAppendError`
   * (malformed input; nothing sent), `EventStoreUnavailableError` (outcome unknown: retry with the same
   * event ids, which makes the retry a no-op if the first attempt was written).
   */
  append(streamId: string, events: readonly EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** The whole stream unless `maxCount` says less. Throws `StreamNotFoundError` when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** System events are excluded. Everything from `fromPosition` unless `maxCount` says less: pass one. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;
  /** Resolves when the store answers; throws `EventStoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
