import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles } from '../../infra/http/auth.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import { pageOf, PageQuerySchema } from '../http/pagination.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { reviewsInStatusPage } from './moderation-queue.js';
import { productReviewsPage } from './product-reviews.js';
import { ModeratedReviewSchema, PublishedReviewSchema, ReviewStatusSchema } from './review-schemas.js';

/** Reviews (API.md, "Reviews"): the approved ones under their product for anyone, every status for moderators. */
export function reviewQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const fromReviews = readsFrom(positions, 'reviews');

  routes.get(
    '/api/v1/products/:productId/reviews',
    {
      preHandler: [fromReviews],
      schema: {
        tags: ['reviews'],
        summary: 'A product\'s approved reviews, newest first (an unknown product has none)',
        params: z.object({ productId: z.uuid() }),
        querystring: PageQuerySchema,
        headers: MinPositionHeadersSchema,
        response: { 200: pageOf(PublishedReviewSchema), 400: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request) => productReviewsPage(db, request.params.productId, request.query),
  );

  routes.get(
    '/api/v1/reviews',
    {
      // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
      preValidation: [requireRoles('admin', 'support')],
      preHandler: [fromReviews],
      schema: {
        tags: ['reviews'],
        summary: 'Reviews by moderation status, oldest first; by default the moderation queue (admin, support)',
        security: [{ bearer: [] }],
        querystring: PageQuerySchema.extend({ status: ReviewStatusSchema.default('pending') }),
        headers: MinPositionHeadersSchema,
        response: { 200: pageOf(ModeratedReviewSchema), 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (request) => reviewsInStatusPage(db, request.query.status, request.query),
  );
}
