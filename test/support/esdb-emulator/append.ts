import type { handleClientStreamingCall, sendUnaryData } from '@grpc/grpc-js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import type { AppendCounts } from './append-counts.js';
import { expectedRevisionOf, InvalidRequestError, proposedEvent, streamNameOf } from './conversions.js';
import { requiredMetadataMissingError, streamDeletedError, unexpectedError } from './errors.js';
import type { EventLog, WriteOutcome } from './event-log.js';
import type { ExpectedRevision, ProposedEvent } from './model.js';
import { shared, streams } from './protocol.js';

/**
 * Streams.Append: options, then proposed messages, then the result when the client ends its side.
 * A wrong expected version is an OK response carrying `wrong_expected_version`; a deleted stream
 * is a status with trailers.
 */
export function appendHandler(log: EventLog, counts: AppendCounts): handleClientStreamingCall<Streams.AppendReq, Streams.AppendResp> {
  return (call, callback) => {
    let target: { streamName: string; expected: ExpectedRevision } | undefined;
    const events: ProposedEvent[] = [];
    let answered = false;
    const answer: sendUnaryData<Streams.AppendResp> = (error, value) => {
      answered = true;
      callback(error, value);
    };
    call.on('data', (request: Streams.AppendReq) => {
      if (answered) return;
      try {
        if (target === undefined) {
          const options = request.getOptions();
          if (options === undefined) throw new InvalidRequestError('Append must start with options');
          target = { streamName: streamNameOf(options.getStreamIdentifier()), expected: expectedRevisionOf(options, options.hasRevision() ? options.getRevision() : undefined) };
          return;
        }
        const message = request.getProposedMessage();
        if (message === undefined) throw new InvalidRequestError('expected a proposed message');
        const event = proposedEvent(message);
        if (event === undefined) answer(requiredMetadataMissingError());
        else events.push(event);
      } catch (error) {
        answer(unexpectedError(error));
      }
    });
    call.on('end', () => {
      if (answered) return;
      if (target === undefined) {
        answer(unexpectedError(new InvalidRequestError('Append without options')));
        return;
      }
      counts.Append += 1;
      const outcome = log.append(target.streamName, target.expected, events);
      if (outcome.kind === 'stream_deleted') answer(streamDeletedError(target.streamName));
      else answer(null, appendResponse(outcome, target.expected));
    });
  };
}

function appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream_deleted' }>, expected: ExpectedRevision): Streams.AppendResp {
  if (outcome.kind === 'written') {
    const success = new streams.AppendResp.Success();
    if (outcome.lastRevision < 0n) success.setNoStream(new shared.Empty());
    else success.setCurrentRevision(outcome.lastRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new shared.Empty());
    else success.setPosition(new streams.AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
    return new streams.AppendResp().setSuccess(success);
  }
  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  if (expected === 'any') wrong.setExpectedAny(new shared.Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedRevision(expected.toString());
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
}
