import type { FastifyInstance } from 'fastify';
import type { QueryDependencies } from '../http/query-dependencies.js';

/** Placeholder until the catalog queries land (projections issue). */
export function catalogQueryRoutes(_app: FastifyInstance, _deps: QueryDependencies): void {
  // Filled in by the projections issue.
}
