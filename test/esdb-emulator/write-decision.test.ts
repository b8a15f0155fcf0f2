import { describe, expect, it } from 'vitest';
import type { ExpectedRevision } from '../support/esdb-emulator/model.js';
import { decideWrite, type StreamView, type WriteDecision } from '../support/esdb-emulator/write-decision.js';

/** A stream holding events with ids e0, e1, ... */
function stream(eventCount: number, state: Partial<Pick<StreamView, 'isTombstoned' | 'isSoftDeleted' | 'hasMetadata'>> = {}): StreamView {
  const ids = Array.from({ length: eventCount }, (_, index) => `e${index.toString()}`);
  return {
    lastRevision: BigInt(eventCount) - 1n,
    isTombstoned: state.isTombstoned ?? false,
    isSoftDeleted: state.isSoftDeleted ?? false,
    hasMetadata: state.hasMetadata ?? false,
    revisionOf: (id) => {
      const index = ids.indexOf(id);
      return index < 0 ? undefined : BigInt(index);
    },
    eventIdAt: (revision) => ids[Number(revision)],
  };
}

const write: WriteDecision = { kind: 'write', undelete: false };
const wrong: WriteDecision = { kind: 'wrong_expected_version' };
const deleted: WriteDecision = { kind: 'stream_deleted' };

describe('decideWrite (EventStoreDB commit check)', () => {
  it.each<[string, StreamView, ExpectedRevision, string[], WriteDecision]>([
    ['any on a new stream', stream(0), 'any', ['new'], write],
    ['any repeating the last ids', stream(3), 'any', ['e1', 'e2'], { kind: 'idempotent', lastRevision: 2n }],
    ['any with known then new ids', stream(3), 'any', ['e2', 'new'], wrong],
    ['no_stream on a new stream', stream(0), 'no_stream', ['new'], write],
    ['no_stream on an existing stream', stream(2), 'no_stream', ['new'], wrong],
    ['no_stream repeating the first ids', stream(2), 'no_stream', ['e0', 'e1'], { kind: 'idempotent', lastRevision: 1n }],
    ['no_stream repeating only part of the ids', stream(2), 'no_stream', ['e0', 'new'], wrong],
    ['stream_exists on a new stream', stream(0), 'stream_exists', ['new'], wrong],
    ['stream_exists on a stream with only metadata', stream(0, { hasMetadata: true }), 'stream_exists', ['new'], write],
    ['exact revision at the end', stream(3), 2n, ['new'], write],
    ['exact revision ahead', stream(3), 5n, ['new'], wrong],
    ['exact revision behind, new ids', stream(3), 0n, ['new'], wrong],
    ['exact revision behind, same ids at the same place', stream(3), 0n, ['e1', 'e2'], { kind: 'idempotent', lastRevision: 2n }],
    ['exact revision behind, ids beyond the end', stream(3), 1n, ['e2', 'new'], wrong],
    ['anything on a tombstoned stream', stream(2, { isTombstoned: true }), 'any', ['new'], deleted],
    ['any on a soft-deleted stream', stream(2, { isSoftDeleted: true, hasMetadata: true }), 'any', ['new'], { kind: 'write', undelete: true }],
    ['no_stream on a soft-deleted stream', stream(2, { isSoftDeleted: true, hasMetadata: true }), 'no_stream', ['new'], { kind: 'write', undelete: true }],
    ['its last revision on a soft-deleted stream', stream(2, { isSoftDeleted: true, hasMetadata: true }), 1n, ['new'], { kind: 'write', undelete: true }],
    ['stream_exists on a soft-deleted stream', stream(2, { isSoftDeleted: true, hasMetadata: true }), 'stream_exists', ['new'], deleted],
  ])('%s', (_case, view, expected, ids, decision) => {
    expect(decideWrite(view, expected, ids)).toEqual(decision);
  });
});
