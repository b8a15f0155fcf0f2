import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStore } from '../../infra/event-store/port.js';
import { requireRoles } from '../../infra/http/auth.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { IfMatchHeadersSchema } from '../http/if-match.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf, withETag } from '../http/responses.js';
import { restock, setLowStockThreshold } from './stock.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema };
const ParamsSchema = z.object({ productId: z.uuid() });
const PositionOnlySchema = z.object({ position: PositionSchema });

/** Stock levels (API.md, "Inventory"): admin only; one stream per product, so ETag and If-Match apply. */
export function inventoryRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Who may ask is settled before the body is validated, so an anonymous caller learns nothing from a 400.
  const admin = { preValidation: [requireRoles('admin')], preHandler: [idempotent] };

  routes.post(
    '/api/v1/inventory/:productId/restock',
    {
      ...admin,
      schema: {
        tags: ['inventory'],
        summary: 'Add units to the stock on hand (admin)',
        security: [{ bearer: [] }],
        params: ParamsSchema,
        headers: IfMatchHeadersSchema,
        body: z.strictObject({ quantity: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: PositionOnlySchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await restock(store, request.params.productId, request.body.quantity, commandContext(request));
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );

  routes.put(
    '/api/v1/inventory/:productId/threshold',
    {
      ...admin,
      schema: {
        tags: ['inventory'],
        summary: 'Set the low-stock threshold (admin; 0 turns alerts off)',
        security: [{ bearer: [] }],
        params: ParamsSchema,
        headers: IfMatchHeadersSchema,
        body: z.strictObject({ lowStockThreshold: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: PositionOnlySchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await setLowStockThreshold(store, request.params.productId, request.body.lowStockThreshold, commandContext(request));
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );
}
