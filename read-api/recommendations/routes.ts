import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, identify } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { Recommender } from './recommender.js';
import { RecommendationsQuerySchema, RecommendationsSchema } from './schemas.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 503: ProblemSchema };

/** Recommendations (API.md, "Tracking and recommendations"): never a discontinued product, nor (for a customer) one already bought. */
export function recommendationQueryRoutes(app: FastifyInstance, { db, positions, recommendations }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const recommender = new Recommender(db, recommendations);
  // X-Min-Position waits for the Postgres read models these answers filter and fall back on; the Redis projection follows on its own.
  const readModels = readsFrom(positions, 'catalog', 'orders');

  routes.get(
    '/api/v1/recommendations',
    {
      // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
      preValidation: [authenticate],
      preHandler: [readModels],
      schema: {
        tags: ['recommendations'],
        summary: 'Products for you: bought or viewed together with what you bought and viewed lately, then similar, then popular ones',
        security: [{ bearer: [] }],
        querystring: RecommendationsQuerySchema,
        headers: MinPositionHeadersSchema,
        response: { 200: RecommendationsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      return { items: await recommender.forCustomer(actor.userId, request.query.limit, request.log) };
    },
  );

  routes.get(
    '/api/v1/products/:id/related',
    {
      preValidation: [identify],
      preHandler: [readModels],
      schema: {
        tags: ['recommendations'],
        summary: 'Products bought or viewed together with this one, then similar, then popular ones',
        params: z.object({ id: z.uuid() }),
        querystring: RecommendationsQuerySchema,
        headers: MinPositionHeadersSchema,
        response: { 200: RecommendationsSchema, 404: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const items = await recommender.relatedTo(request.params.id, request.query.limit, request.log);
      if (items === undefined) return sendProblem(reply, problem(404, 'no such product'));
      return { items };
    },
  );
}
