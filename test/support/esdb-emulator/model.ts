/** An event as a client proposes it. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** An event in the log. */
export interface RecordedEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  /** Its place in $all; commit and prepare position are equal, as for every write since EventStoreDB 20. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly created: bigint;
}

/** What a write expects of its stream, as the client spells it. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** EventStoreDB's long.MaxValue: the revision of a tombstone, and the `$tb` of a soft-deleted stream. */
export const DELETED_STREAM = 9223372036854775807n;

export const METADATA_EVENT_TYPE = '$metadata';

export function metastreamOf(streamName: string): string {
  return `$$${streamName}`;
}

/** The stream whose metadata a `$$` stream holds, if it is one. */
export function originalStreamOf(streamName: string): string | undefined {
  return streamName.startsWith('$$') ? streamName.slice(2) : undefined;
}
