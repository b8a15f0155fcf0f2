import type { EventLog } from './event-log.js';
import type { RecordedEvent } from './model.js';
import type { RecordFilter } from './filter.js';
import type { Start } from './read-request.js';
import type { StreamState } from './stream-state.js';

/**
 * A stream read, in EventStoreDB's terms: forwards from a revision (inclusive) or backwards down to
 * one (inclusive), never below the first visible revision (`$tb`).
 */
export function* streamRange(stream: StreamState, from: Start, backwards: boolean, count: number): Generator<RecordedEvent> {
  const first = stream.firstVisibleRevision;
  const last = stream.lastRevision;
  let revision = backwards ? startBackwards(from, last) : startForwards(from, first, last);
  const step = backwards ? -1n : 1n;
  for (let returned = 0; returned < count && revision >= first && revision <= last; returned += 1, revision += step) {
    const event = stream.eventAt(revision);
    if (event !== undefined) yield event;
  }
}

function startForwards(from: Start, first: bigint, last: bigint): bigint {
  if (from === 'start') return first;
  if (from === 'end') return last + 1n;
  return from > first ? from : first;
}

function startBackwards(from: Start, last: bigint): bigint {
  if (from === 'start') return 0n;
  if (from === 'end') return last;
  return from < last ? from : last;
}

/**
 * A `$all` read over the records present when it starts: forwards from a position (inclusive),
 * backwards from a position (exclusive, as EventStoreDB reads the record before it), matching the
 * filter if any; `count` counts returned events.
 */
export function* allRange(log: EventLog, from: Start, backwards: boolean, count: number, filter: RecordFilter | undefined): Generator<RecordedEvent> {
  const end = log.length;
  const step = backwards ? -1 : 1;
  let index = backwards ? startIndexBackwards(log, from, end) : startIndexForwards(log, from, end);
  for (let returned = 0; returned < count && index >= 0 && index < end; index += step) {
    const record = log.recordAt(index);
    if (record === undefined || (filter !== undefined && !filter.matches(record))) continue;
    returned += 1;
    yield record;
  }
}

function startIndexForwards(log: EventLog, from: Start, end: number): number {
  if (from === 'start') return 0;
  if (from === 'end') return end;
  return log.indexAtOrAfter(from);
}

function startIndexBackwards(log: EventLog, from: Start, end: number): number {
  if (from === 'start') return -1;
  if (from === 'end') return end - 1;
  return log.indexAtOrAfter(from) - 1;
}
