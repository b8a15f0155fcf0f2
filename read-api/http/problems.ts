import { problem, type Problem } from '../../infra/http/problem.js';
import { InvalidCursorError } from './pagination.js';

/** The query API's own errors as problem details. */
export function classifyQueryError(error: unknown): Problem | undefined {
  if (error instanceof InvalidCursorError) return problem(400, error.message, [{ path: 'querystring.cursor', message: error.message }]);
  return undefined;
}
