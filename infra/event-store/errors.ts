import type { ExpectedRevision } from './port.js';

/** The stream's actual revision, or `no_stream`, as EventStoreDB reports it. */
export type CurrentRevision = bigint | 'no_stream';

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: CurrentRevision,
  ) {
    super(`stream ${streamId}: expected revision ${String(expectedRevision)}, actual ${String(actualRevision)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

/** The store cannot be reached or refused service; the operation may be retried. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
}

/** The append itself is malformed (a bug in the caller): nothing was written. */
export class InvalidAppendError extends TypeError {
  override readonly name = 'InvalidAppendError';
}
