import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { findStockLevel, StockLevelSchema } from './stock-level.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema };

/** Stock levels (API.md, "Inventory"): admin only. */
export function inventoryQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/inventory/:productId',
    {
      // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
      preValidation: [requireRoles('admin')],
      preHandler: [readsFrom(positions, 'inventory')],
      schema: {
        tags: ['inventory'],
        summary: 'A product\'s stock on hand, reserved and available (admin; 404 until its stock was first recorded)',
        security: [{ bearer: [] }],
        params: z.object({ productId: z.uuid() }),
        headers: MinPositionHeadersSchema,
        response: { 200: StockLevelSchema, ...errors },
      },
    },
    async (request, reply) => {
      const level = await findStockLevel(db, request.params.productId);
      // The inventory read model cannot tell a catalogue product never restocked from an unknown id: both are a 404.
      if (level === undefined) return sendProblem(reply, problem(404, 'no stock has been recorded for this product'));
      return level;
    },
  );
}
