import type { FastifyInstance } from 'fastify';
import type { QueryDependencies } from '../http/query-dependencies.js';

/** Placeholder until the users queries land (projections issue). */
export function userQueryRoutes(_app: FastifyInstance, _deps: QueryDependencies): void {
  // Filled in by the projections issue.
}
