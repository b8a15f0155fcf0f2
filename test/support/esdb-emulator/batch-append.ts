import type { handleBidiStreamingCall } from '@grpc/grpc-js';
import type * as Status from '@eventstore/db-client/generated/status_pb.js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import type { AppendCounts } from './append-counts.js';
import { expectedRevisionOf, proposedEvent, streamIdentifier, streamNameOf, uuidToString } from './conversions.js';
import { batchBadRequest, batchStreamDeleted, batchWrongExpectedVersion, messageOf } from './errors.js';
import type { EventLog, WriteOutcome } from './event-log.js';
import type { ExpectedRevision, ProposedEvent } from './model.js';
import { GoogleEmpty, shared, streams } from './protocol.js';

interface PendingAppend {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly events: ProposedEvent[];
}

/**
 * Streams.BatchAppend: one long-lived bidirectional call carries many appends, each a run of
 * requests under one correlation id (options on the first, `is_final` on the last). Each append
 * gets one response echoing the correlation id and the stream identifier (the client needs both),
 * with success or a google.rpc.Status whose details pack an `event_store.client.*` message.
 */
export function batchAppendHandler(log: EventLog, counts: AppendCounts): handleBidiStreamingCall<Streams.BatchAppendReq, Streams.BatchAppendResp> {
  return (call) => {
    const pending = new Map<string, PendingAppend>();
    call.on('data', (request: Streams.BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      // Without a correlation id there is no one to answer.
      if (correlationId === undefined) return;
      const id = uuidToString(correlationId);
      const answer = (streamName: string, result: BatchResult): void => {
        call.write(withResult(new streams.BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(streamIdentifier(streamName)), result));
      };
      const options = request.getOptions();
      if (options !== undefined) {
        try {
          pending.set(id, {
            streamName: streamNameOf(options.getStreamIdentifier()),
            expected: expectedRevisionOf(options, options.hasStreamPosition() ? options.getStreamPosition() : undefined),
            events: [],
          });
        } catch (error) {
          answer('', batchBadRequest(messageOf(error)));
          return;
        }
      }
      // Requests for an unknown correlation id are ignored, as EventStoreDB does.
      const append = pending.get(id);
      if (append === undefined) return;
      for (const message of request.getProposedMessagesList()) {
        const event = proposedEvent(message);
        if (event === undefined) {
          pending.delete(id);
          answer(append.streamName, batchBadRequest("The given key 'type' or 'content-type' was not present in the dictionary."));
          return;
        }
        append.events.push(event);
      }
      if (!request.getIsFinal()) return;
      pending.delete(id);
      counts.BatchAppend += 1;
      answer(append.streamName, outcomeResult(log.append(append.streamName, append.expected, append.events), append));
    });
    call.on('end', () => {
      call.end();
    });
  };
}

type BatchResult = Streams.BatchAppendResp.Success | Status.Status;

function withResult(response: Streams.BatchAppendResp, result: BatchResult): Streams.BatchAppendResp {
  return result instanceof streams.BatchAppendResp.Success ? response.setSuccess(result) : response.setError(result);
}

function outcomeResult(outcome: WriteOutcome, append: PendingAppend): BatchResult {
  switch (outcome.kind) {
    case 'stream_deleted':
      return batchStreamDeleted(append.streamName);
    case 'wrong_expected_version':
      return batchWrongExpectedVersion(outcome.currentRevision, append.expected);
    case 'written': {
      const success = new streams.BatchAppendResp.Success();
      if (outcome.lastRevision < 0n) success.setNoStream(new GoogleEmpty());
      else success.setCurrentRevision(outcome.lastRevision.toString());
      if (outcome.position === undefined) success.setNoPosition(new GoogleEmpty());
      else success.setPosition(new shared.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
      return success;
    }
  }
}
