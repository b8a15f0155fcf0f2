import { randomUUID } from 'node:crypto';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { CallFailure } from './call-io.js';
import { streamDeletedError } from './errors.js';
import type { EventLog } from './event-log.js';
import type { RecordedEvent } from './model.js';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse } from './read-responses.js';
import type { ReadRequest, ReadSource, Start } from './read-request.js';

/** Where a subscription is in the log; `next` is undefined once it has seen every committed record. */
interface Cursor {
  next(): RecordedEvent | undefined;
}

/**
 * A catch-up subscription: confirmation, the events after the start (exclusive, as EventStoreDB),
 * `caught_up`, then live events. The cursor walks the log itself, so whatever is committed while
 * the subscription catches up or waits is delivered exactly once and in order. A filtered `$all`
 * subscription also sends a checkpoint at every `checkpointInterval` considered events, matching or not.
 */
export async function subscribe(log: EventLog, request: ReadRequest, output: (response: Streams.ReadResp) => Promise<void>, signal: AbortSignal): Promise<void> {
  const cursor = request.source.kind === 'all' ? allCursor(log, request.source.from) : streamCursor(log, request.source);
  await output(confirmationResponse(randomUUID()));
  const filter = request.filter;
  let caughtUp = false;
  let considered = 0;
  for (;;) {
    const record = cursor.next();
    if (record === undefined) {
      if (caughtUp) {
        await log.nextCommit(signal);
      } else {
        caughtUp = true;
        await output(caughtUpResponse());
      }
      continue;
    }
    if (filter === undefined || filter.matches(record)) await output(eventResponse(record, request.structuredUuids));
    if (filter !== undefined && (considered += 1) === filter.checkpointInterval) {
      considered = 0;
      await output(checkpointResponse(record.position));
    }
  }
}

function allCursor(log: EventLog, from: Start): Cursor {
  let index = from === 'start' ? 0 : from === 'end' ? log.length : log.indexAtOrAfter(from + 1n);
  return {
    next: () => {
      const record = log.recordAt(index);
      if (record !== undefined) index += 1;
      return record;
    },
  };
}

/** Events hidden by `$tb` are skipped; a tombstone ends the subscription with stream-deleted once the rest is delivered. */
function streamCursor(log: EventLog, source: Extract<ReadSource, { kind: 'stream' }>): Cursor {
  const { streamName, from } = source;
  const current = log.stream(streamName);
  if (current?.isTombstoned === true) throw new CallFailure(streamDeletedError(streamName));
  let revision = from === 'start' ? 0n : from === 'end' ? (current?.lastRevision ?? -1n) + 1n : from + 1n;
  return {
    next: () => {
      const stream = log.stream(streamName);
      if (stream === undefined) return undefined;
      for (let event = stream.eventAt(revision); event !== undefined; event = stream.eventAt(revision)) {
        revision += 1n;
        if (event.revision >= stream.firstVisibleRevision) return event;
      }
      if (stream.isTombstoned) throw new CallFailure(streamDeletedError(streamName));
      return undefined;
    },
  };
}
