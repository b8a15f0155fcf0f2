import { problem, type Problem } from '../../infra/http/problem.js';
import { AnalyticsNotConfiguredError } from '../analytics/configured.js';
import { InvalidCursorError } from './pagination.js';

/** The query API's own errors as problem details. */
export function classifyQueryError(error: unknown): Problem | undefined {
  if (error instanceof InvalidCursorError) return problem(400, error.message, [{ path: 'querystring.cursor', message: error.message }]);
  if (error instanceof AnalyticsNotConfiguredError) return problem(503, error.message);
  return undefined;
}
