import type { ExpectedRevision } from './model.js';

/** What a write needs to know about its stream. */
export interface StreamView {
  /** -1 when the stream has no events. Soft deletion keeps it; the events stay in the log. */
  readonly lastRevision: bigint;
  readonly isTombstoned: boolean;
  readonly isSoftDeleted: boolean;
  /** Whether the stream's `$$` metadata stream has events. */
  readonly hasMetadata: boolean;
  revisionOf(eventId: string): bigint | undefined;
  eventIdAt(revision: bigint): string | undefined;
}

export type WriteDecision =
  | { readonly kind: 'write'; readonly undelete: boolean }
  | { readonly kind: 'idempotent'; readonly lastRevision: bigint }
  | { readonly kind: 'wrong_expected_version' }
  | { readonly kind: 'stream_deleted' };

const WRONG_EXPECTED_VERSION: WriteDecision = { kind: 'wrong_expected_version' };
const STREAM_DELETED: WriteDecision = { kind: 'stream_deleted' };

/**
 * EventStoreDB's commit check (IndexWriter.CheckCommit), case for case: a write goes ahead, repeats
 * an earlier write (same event ids at the same place: success with the original result, nothing
 * written), or fails. Writing to a soft-deleted stream undeletes it.
 */
export function decideWrite(stream: StreamView, expected: ExpectedRevision, eventIds: readonly string[]): WriteDecision {
  if (stream.isTombstoned) return STREAM_DELETED;
  if (expected === 'stream_exists') {
    if (stream.isSoftDeleted) return STREAM_DELETED;
    if (stream.lastRevision < 0n && !stream.hasMetadata) return WRONG_EXPECTED_VERSION;
  }
  if (expected === 'any' || expected === 'stream_exists') return decideUnconditional(stream, eventIds);

  const expectedRevision = expected === 'no_stream' ? -1n : expected;
  if (expectedRevision < stream.lastRevision) return decideRepeat(stream, expected, expectedRevision, eventIds);
  if (expectedRevision > stream.lastRevision) return WRONG_EXPECTED_VERSION;
  return { kind: 'write', undelete: stream.isSoftDeleted };
}

/** Without an exact expectation, a write repeats an earlier one when all its ids are already in the stream. */
function decideUnconditional(stream: StreamView, eventIds: readonly string[]): WriteDecision {
  let lastRevision: bigint | undefined;
  for (const [index, id] of eventIds.entries()) {
    const revision = stream.revisionOf(id);
    if (revision === undefined) return index === 0 ? { kind: 'write', undelete: stream.isSoftDeleted } : WRONG_EXPECTED_VERSION;
    lastRevision = revision;
  }
  return lastRevision === undefined ? { kind: 'write', undelete: stream.isSoftDeleted } : { kind: 'idempotent', lastRevision };
}

/** Expecting an older revision is only fine when the stream already holds exactly these ids after it. */
function decideRepeat(stream: StreamView, expected: ExpectedRevision, expectedRevision: bigint, eventIds: readonly string[]): WriteDecision {
  if (eventIds.length === 0) return WRONG_EXPECTED_VERSION;
  for (const [index, id] of eventIds.entries()) {
    if (stream.eventIdAt(expectedRevision + 1n + BigInt(index)) === id) continue;
    if (index === 0 && expected === 'no_stream' && stream.isSoftDeleted) return { kind: 'write', undelete: true };
    return WRONG_EXPECTED_VERSION;
  }
  return { kind: 'idempotent', lastRevision: expectedRevision + BigInt(eventIds.length) };
}
