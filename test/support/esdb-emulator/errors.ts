import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import type * as CodePb from '@eventstore/db-client/generated/code_pb.js';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb.js';
import type { ExpectedRevision } from './model.js';
import { Any, Code, GoogleEmpty, shared, Status } from './protocol.js';
import { streamIdentifier } from './conversions.js';

/*
 * Failures as EventStoreDB reports them. Unary and streaming calls end with a gRPC status whose
 * trailers name the failure (`exception`, `stream-name`, ...); the client's convertToCommandError
 * turns those into typed errors. BatchAppend instead answers each request with a google.rpc.Status
 * whose `details` packs an `event_store.client.*` message, which the client's unpackToCommandError reads.
 */

function trailers(entries: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}

export function streamDeletedError(streamName: string): StatusObject {
  return {
    code: status.FAILED_PRECONDITION,
    details: `Event stream '${streamName}' is deleted.`,
    metadata: trailers({ exception: 'stream-deleted', 'stream-name': streamName }),
  };
}

/** `expected-version` and `actual-version` are EventStoreDB's signed numbers (-1 no stream, -2 any, -4 stream exists). */
export function wrongExpectedVersionError(operation: string, streamName: string, expected: ExpectedRevision, actualRevision: bigint): StatusObject {
  const expectedVersion = expectedVersionNumber(expected).toString();
  const actualVersion = actualRevision.toString();
  return {
    code: status.FAILED_PRECONDITION,
    details: `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expectedVersion}, Actual version: ${actualVersion}`,
    metadata: trailers({
      exception: 'wrong-expected-version',
      'stream-name': streamName,
      'expected-version': expectedVersion,
      'actual-version': actualVersion,
    }),
  };
}

export function requiredMetadataMissingError(): StatusObject {
  return {
    code: status.INVALID_ARGUMENT,
    details: "Required Metadata Property 'type' or 'content-type' is missing",
    metadata: trailers({ exception: 'missing-required-metadata-property', 'required-metadata-properties': 'type,content-type' }),
  };
}

/** Any other failure of a handler: EventStoreDB lets the exception surface as status UNKNOWN. */
export function unexpectedError(error: unknown): StatusObject {
  return { code: status.UNKNOWN, details: messageOf(error), metadata: new Metadata() };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function batchWrongExpectedVersion(currentRevision: bigint, expected: ExpectedRevision): StatusPb.Status {
  const details = new shared.WrongExpectedVersion();
  if (currentRevision < 0n) details.setCurrentNoStream(new GoogleEmpty());
  else details.setCurrentStreamRevision(currentRevision.toString());
  if (expected === 'any') details.setExpectedAny(new GoogleEmpty());
  else if (expected === 'no_stream') details.setExpectedNoStream(new GoogleEmpty());
  else if (expected === 'stream_exists') details.setExpectedStreamExists(new GoogleEmpty());
  else details.setExpectedStreamPosition(expected.toString());
  return packedStatus(Code.ALREADY_EXISTS, 'WrongExpectedVersion', details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
}

export function batchStreamDeleted(streamName: string): StatusPb.Status {
  const details = new shared.StreamDeleted().setStreamIdentifier(streamIdentifier(streamName));
  return packedStatus(Code.NOT_FOUND, 'StreamDeleted', details.serializeBinary(), 'event_store.client.StreamDeleted');
}

export function batchBadRequest(message: string): StatusPb.Status {
  const details = new shared.BadRequest().setMessage(message);
  return packedStatus(Code.INVALID_ARGUMENT, 'BadRequest', details.serializeBinary(), 'event_store.client.BadRequest');
}

function packedStatus(code: CodePb.Code, message: string, details: Uint8Array, typeName: string): StatusPb.Status {
  const any = new Any();
  any.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

function expectedVersionNumber(expected: ExpectedRevision): bigint {
  switch (expected) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    default:
      return expected;
  }
}
