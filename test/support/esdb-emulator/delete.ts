import type { handleUnaryCall } from '@grpc/grpc-js';
import type * as Shared from '@eventstore/db-client/generated/shared_pb.js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { expectedRevisionOf, InvalidRequestError, streamNameOf } from './conversions.js';
import { streamDeletedError, unexpectedError, wrongExpectedVersionError } from './errors.js';
import type { DeleteOutcome, EventLog } from './event-log.js';
import type { ExpectedRevision } from './model.js';
import { streams } from './protocol.js';

/** Delete and Tombstone options share this shape. */
interface DeleteOptions {
  getStreamIdentifier(): Shared.StreamIdentifier | undefined;
  hasRevision(): boolean;
  getRevision(): string;
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

/** Streams.Delete: soft delete. */
export function deleteHandler(log: EventLog): handleUnaryCall<Streams.DeleteReq, Streams.DeleteResp> {
  return deletion(
    (streamName, expected) => log.softDelete(streamName, expected),
    (position) => new streams.DeleteResp().setPosition(new streams.DeleteResp.Position().setCommitPosition(position).setPreparePosition(position)),
  );
}

/** Streams.Tombstone: hard delete. */
export function tombstoneHandler(log: EventLog): handleUnaryCall<Streams.TombstoneReq, Streams.TombstoneResp> {
  return deletion(
    (streamName, expected) => log.tombstone(streamName, expected),
    (position) => new streams.TombstoneResp().setPosition(new streams.TombstoneResp.Position().setCommitPosition(position).setPreparePosition(position)),
  );
}

/** Failures end the call with trailers; EventStoreDB names both operations "Delete" in the message. */
function deletion<Request extends { getOptions(): DeleteOptions | undefined }, Response>(
  remove: (streamName: string, expected: ExpectedRevision) => DeleteOutcome,
  response: (position: string) => Response,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    try {
      const options = call.request.getOptions();
      if (options === undefined) throw new InvalidRequestError('missing options');
      const streamName = streamNameOf(options.getStreamIdentifier());
      const expected = expectedRevisionOf(options, options.hasRevision() ? options.getRevision() : undefined);
      const outcome = remove(streamName, expected);
      switch (outcome.kind) {
        case 'deleted':
          callback(null, response(outcome.position.toString()));
          return;
        case 'wrong_expected_version':
          callback(wrongExpectedVersionError('Delete', streamName, expected, outcome.currentRevision));
          return;
        case 'stream_deleted':
          callback(streamDeletedError(streamName));
          return;
      }
    } catch (error) {
      callback(unexpectedError(error));
    }
  };
}
