import type * as Shared from '@eventstore/db-client/generated/shared_pb.js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import type { ExpectedRevision, ProposedEvent } from './model.js';
import { shared } from './protocol.js';

/** A request the emulator cannot serve; answered with gRPC status UNKNOWN, as EventStoreDB's unhandled exceptions are. */
export class InvalidRequestError extends Error {}

export function uuidToString(uuid: Shared.UUID | undefined): string {
  if (uuid === undefined) throw new InvalidRequestError('missing UUID');
  const structured = uuid.getStructured();
  if (structured === undefined) return uuid.getString();
  const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
    .map((half) => BigInt.asUintN(64, BigInt(half)).toString(16).padStart(16, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID as a string, or as the two signed 64-bit halves EventStoreDB sends when asked for `structured`. */
export function uuidMessage(id: string, structured: boolean): Shared.UUID {
  const uuid = new shared.UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replaceAll('-', '');
  const half = (digits: string): string => BigInt.asIntN(64, BigInt(`0x${digits}`)).toString();
  return uuid.setStructured(new shared.UUID.Structured().setMostSignificantBits(half(hex.slice(0, 16))).setLeastSignificantBits(half(hex.slice(16))));
}

export function streamNameOf(identifier: Shared.StreamIdentifier | undefined): string {
  if (identifier === undefined) throw new InvalidRequestError('missing stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

/** The expected-revision oneof, shaped alike in Append, BatchAppend, Delete and Tombstone options. */
interface ExpectationOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedRevisionOf(options: ExpectationOptions, revision: string | undefined): ExpectedRevision {
  if (options.hasAny()) return 'any';
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  if (revision === undefined) throw new InvalidRequestError('missing expected revision');
  return BigInt(revision);
}

export function streamIdentifier(streamName: string): Shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));
}

/** Both append paths carry the same proposed message; `type` and `content-type` are required. */
export function proposedEvent(message: Streams.AppendReq.ProposedMessage | Streams.BatchAppendReq.ProposedMessage): ProposedEvent | undefined {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) return undefined;
  return {
    id: uuidToString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}
