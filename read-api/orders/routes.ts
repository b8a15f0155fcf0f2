import type { FastifyInstance } from 'fastify';
import type { QueryDependencies } from '../http/query-dependencies.js';

/** Placeholder until the orders queries land (projections issue). */
export function orderQueryRoutes(_app: FastifyInstance, _deps: QueryDependencies): void {
  // Filled in by the projections issue.
}
