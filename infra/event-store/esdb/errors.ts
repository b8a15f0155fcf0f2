import { status } from '@grpc/grpc-js';
import { ErrorType, StreamNotFoundError as EsdbStreamNotFoundError, WrongExpectedVersionError, isCommandError } from '@eventstore/db-client';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision } from '../port.js';

/** Failures that say the server could not be reached or could not serve for now. */
const UNAVAILABLE = new Set<ErrorType>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER]);

/** gRPC status codes of a server that cannot be reached or answer in time (UNAVAILABLE, DEADLINE_EXCEEDED). */
const UNAVAILABLE_GRPC_CODES = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

export function isEsdbUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return UNAVAILABLE.has(error.type);
  // After a reconnect the client asks for the server's features again; a failure there arrives as
  // grpc-js's own error, not wrapped in the client's.
  return 'code' in error && typeof error.code === 'number' && UNAVAILABLE_GRPC_CODES.has(error.code);
}

/** The client's errors as the port's, so callers never see which adapter they talk to. */
export function translateEsdbError(error: unknown, context: { streamId?: string; expectedRevision?: ExpectedRevision } = {}): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(error.streamName, context.expectedRevision ?? 'any', error.actualVersion);
  }
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(context.streamId ?? error.streamName);
  if (isEsdbUnavailable(error)) {
    return new EventStoreUnavailableError(`event store unavailable (retry with the same event ids): ${(error as Error).message}`, { cause: error });
  }
  return error;
}
