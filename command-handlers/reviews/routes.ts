import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStore } from '../../infra/event-store/port.js';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { IfMatchHeadersSchema } from '../http/if-match.js';
import { PositionSchema, positionOf, withETag } from '../http/responses.js';
import { moderateReview, submitReview } from './reviews.js';
import type { OrdersWithProductLookup } from './verified-purchase.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema };

// Each review is one stream: `If-Match` pins its revision (see ifMatchRevision), so a malformed one is a 400.

const ReviewAnswerSchema = z.object({ reviewId: z.uuid(), position: PositionSchema });

/** Reviews and their moderation (API.md, "Reviews"). */
export function reviewRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools, ordersWithProduct: OrdersWithProductLookup): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/products/:productId/reviews',
    {
      preValidation: [requireRoles('customer')], preHandler: [idempotent],
      schema: {
        tags: ['reviews'],
        summary: 'Review a product (customer; one review per customer and product)',
        security: [{ bearer: [] }],
        headers: IfMatchHeadersSchema,
        params: z.object({ productId: z.uuid() }),
        body: z.strictObject({
          rating: z.number().int().min(1).max(5),
          title: z.string().trim().min(1).max(200),
          body: z.string().trim().min(1).max(10_000),
        }),
        response: { 201: ReviewAnswerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const { reviewId, outcome } = await submitReview(store, ordersWithProduct, actor.userId, request.params.productId, request.body, commandContext(request));
      return withETag(reply, outcome).code(201).send({ reviewId, position: positionOf(outcome) });
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    routes.post(
      `/api/v1/reviews/:reviewId/${decision}`,
      {
        preValidation: [requireRoles('admin', 'support')], preHandler: [idempotent],
        schema: {
          tags: ['reviews'],
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a review (admin, support)`,
          security: [{ bearer: [] }],
          headers: IfMatchHeadersSchema,
          params: z.object({ reviewId: z.uuid() }),
          // The body is optional: a request without one is validated as null.
          body: z.strictObject({ reason: z.string().trim().min(1).max(1000).optional() }).nullable(),
          response: { 200: ReviewAnswerSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
        const { reviewId } = request.params;
        const moderation = { moderatorId: actor.userId, reason: request.body?.reason };
        const outcome = await moderateReview(store, reviewId, decision, moderation, commandContext(request));
        return withETag(reply, outcome).code(200).send({ reviewId, position: positionOf(outcome) });
      },
    );
  }
}
