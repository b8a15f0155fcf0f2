import type { RejectionCode } from '../../domain/shared/rejection.js';
import { problem, type Problem } from '../../infra/http/problem.js';
import { CommandRejectedError, ConcurrencyConflictError, PreconditionFailedError } from '../errors.js';

const STATUS_OF: Readonly<Record<RejectionCode, number>> = { conflict: 409, unprocessable: 422, not_found: 404, forbidden: 403 };

/** Command handling's errors as problem details: refusals by their code, If-Match as 412, lost races as 409. */
export function classifyCommandError(error: unknown): Problem | undefined {
  if (error instanceof CommandRejectedError) return problem(STATUS_OF[error.rejection.code], error.rejection.reason);
  if (error instanceof PreconditionFailedError) return problem(412, `the resource is at revision ${String(error.actualRevision)}, not the one in If-Match`);
  if (error instanceof ConcurrencyConflictError) return problem(409, error.message);
  return undefined;
}
