import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BrowsingSessionIdSchema } from '../../domain/tracking/events.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { identify } from '../../infra/http/auth.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf } from '../http/responses.js';
import { recordProductView } from './product-views.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 422: ProblemSchema };

/** Tracking (API.md, "Tracking and recommendations"): what visitors look at, for recommendations and analytics. */
export function trackingRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/events/product-viewed',
    {
      preValidation: [identify],
      preHandler: [idempotent],
      schema: {
        tags: ['tracking'],
        summary: 'Record that a product was viewed (anyone; the customer when signed in). Answers the session id the view was recorded under.',
        body: z.strictObject({ productId: z.uuid(), sessionId: BrowsingSessionIdSchema.optional() }),
        response: { 202: z.object({ sessionId: BrowsingSessionIdSchema, position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { actor } = request;
      const recorded = await recordProductView(
        store,
        { ...request.body, userId: actor?.userId ?? null, signedInSessionId: actor?.sessionId ?? null },
        commandContext(request),
      );
      return reply.code(202).send({ sessionId: recorded.sessionId, position: positionOf(recorded) });
    },
  );
}
