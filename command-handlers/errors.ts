import type { Rejection } from '../domain/shared/rejection.js';

/** The domain refused the command; nothing was appended. */
export class CommandRejectedError extends Error {
  override readonly name = 'CommandRejectedError';
  constructor(readonly rejection: Rejection) {
    super(rejection.reason);
  }
}

/** `If-Match` named a revision the stream has moved on from; nothing was appended. */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: bigint,
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at revision ${String(actualRevision)}, not ${expectedRevision}`);
  }
}

/** Other writers kept changing the stream for every attempt; nothing was appended. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} kept changing under concurrent writers; try again`);
  }
}
