import type { handleServerStreamingCall } from '@grpc/grpc-js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { CallFailure, callSignal, send } from './call-io.js';
import { streamDeletedError, unexpectedError } from './errors.js';
import type { EventLog } from './event-log.js';
import { eventResponse, streamNotFoundResponse } from './read-responses.js';
import { readRequest } from './read-request.js';
import { allRange, streamRange } from './reads.js';
import { subscribe } from './subscription.js';

/** Streams.Read: stream and `$all` reads, and subscriptions to either. */
export function readHandler(log: EventLog, runSignal: AbortSignal): handleServerStreamingCall<Streams.ReadReq, Streams.ReadResp> {
  return (call) => {
    const signal = callSignal(call, runSignal);
    const output = (response: Streams.ReadResp): Promise<void> => send(call, response, signal);
    serve(log, call.request, output, signal).then(
      () => {
        call.end();
      },
      (error: unknown) => {
        // A cancelled call or a stopped server gets no answer: the client is gone or must see the connection drop.
        if (signal.aborted) return;
        call.emit('error', error instanceof CallFailure ? error.status : unexpectedError(error));
      },
    );
  };
}

async function serve(log: EventLog, message: Streams.ReadReq, output: (response: Streams.ReadResp) => Promise<void>, signal: AbortSignal): Promise<void> {
  const request = readRequest(message);
  const { source, count } = request;
  if (count === undefined) {
    await subscribe(log, request, output, signal);
    return;
  }
  if (source.kind === 'all') {
    for (const record of allRange(log, source.from, request.backwards, count, request.filter)) await output(eventResponse(record, request.structuredUuids));
    return;
  }
  const stream = log.stream(source.streamName);
  if (stream?.isTombstoned === true) throw new CallFailure(streamDeletedError(source.streamName));
  // A stream without events reads as not found, and so does a soft-deleted one.
  if (stream === undefined || stream.lastRevision < 0n || stream.isSoftDeleted) {
    await output(streamNotFoundResponse(source.streamName));
    return;
  }
  for (const record of streamRange(stream, source.from, request.backwards, count)) await output(eventResponse(record, request.structuredUuids));
}
