import type { FastifyInstance } from 'fastify';
import type { QueryDependencies } from '../http/query-dependencies.js';

/** Placeholder until the notifications land (process-managers issue). */
export function notificationQueryRoutes(app: FastifyInstance, deps: QueryDependencies): void {
  app.log.debug({ positions: typeof deps.positions }, 'notification queries are not built yet');
}
