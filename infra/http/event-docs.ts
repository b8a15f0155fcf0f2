import type { FastifyInstance } from 'fastify';
import { eventsAsyncApiDocument } from '../../projections/kafka-bridge/asyncapi/document.js';

/**
 * `GET /docs/events`: the AsyncAPI 3.0 document of the events published to Kafka. Built on the first
 * request (it takes tens of milliseconds) and kept: it only changes with the code.
 */
export function eventDocsRoute(app: FastifyInstance): void {
  let document: string | undefined;
  app.get('/docs/events', { schema: { tags: ['operations'], summary: 'AsyncAPI 3.0 document of the events the Kafka bridge publishes' } }, async (_request, reply) => {
    document ??= JSON.stringify(eventsAsyncApiDocument());
    return reply.type('application/json').send(document);
  });
}
