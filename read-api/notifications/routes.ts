import type { FastifyInstance } from 'fastify';
import type { QueryDependencies } from '../http/query-dependencies.js';

/** Placeholder until the notifications land (process-managers issue). */
export function notificationQueryRoutes(_app: FastifyInstance, _deps: QueryDependencies): void {
  // Filled in by the process-managers issue.
}
