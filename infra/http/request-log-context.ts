import type { FastifyInstance } from 'fastify';
import { withLogContext } from '../logging/log-context.js';

/**
 * A request's log lines, and those of everything it runs (command handling, the event store), carry
 * its correlation id, route and user (added once the token is verified) through the log context,
 * never through child-logger bindings: one mechanism, so that no field appears twice on a line.
 * `request.log` is the root logger itself (see `childLoggerFactory` in server.ts).
 */
export function registerRequestLogContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    // The route's pattern: ids stay out of it.
    withLogContext({ correlationId: request.id, route: request.routeOptions.url ?? 'unmatched' }, done);
  });
}
