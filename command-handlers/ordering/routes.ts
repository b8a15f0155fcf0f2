import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { orderStream } from '../../domain/ordering/order.js';
import { MAX_ORDER_LINES } from '../../domain/ordering/pricing.js';
import { MoneySchema } from '../../domain/shared/money.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { IfMatchHeadersSchema } from '../http/if-match.js';
import { PositionSchema, positionOf, withETag } from '../http/responses.js';
import { handleCommand } from '../handle-command.js';
import { cancelOrder, placeOrder } from './orders.js';
import { refundOrder } from './refunds.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema };
const OrderParamsSchema = z.object({ id: z.uuid() });
// Loose: the other headers (Authorization, Idempotency-Key) must survive validation.
// Commands on an existing order take no body (fastify validates an absent one as null); an empty
// JSON object is tolerated, anything in it is not.
const NoBodySchema = z.strictObject({}).nullish();
const text = z.string().max(200);

const PlaceOrderBodySchema = z.strictObject({
  items: z
    .array(z.strictObject({ productId: z.uuid(), quantity: z.number().int().positive() }))
    .min(1)
    .max(MAX_ORDER_LINES),
  // Blank or malformed fields are the order's to refuse (422), with the reason.
  shippingAddress: z.strictObject({ name: text, line1: text, line2: text.optional(), city: text, postalCode: text, country: text }),
  payment: z.strictObject({ method: z.literal('card'), token: text }),
});

/** Orders and payments (API.md, "Orders and payments"): the commands; the saga moves orders on. */
export function orderRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/api/v1/orders',
    {
      preValidation: [requireRoles('customer')], preHandler: [idempotent],
      schema: {
        tags: ['orders'],
        summary: 'Place an order (customer)',
        security: [{ bearer: [] }],
        body: PlaceOrderBodySchema,
        response: { 202: z.object({ orderId: z.uuid(), status: z.literal('pending'), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const { orderId, outcome } = await placeOrder(store, actor.userId, request.body, commandContext(request));
      return withETag(reply, outcome).code(202).send({ orderId, status: 'pending', position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/orders/:id/cancel',
    {
      preValidation: [requireRoles('customer', 'admin')], preHandler: [idempotent],
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order before it ships (owner or admin)',
        security: [{ bearer: [] }],
        params: OrderParamsSchema,
        headers: IfMatchHeadersSchema,
        body: NoBodySchema,
        response: { 202: z.object({ position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const outcome = await cancelOrder(store, request.params.id, actor, commandContext(request));
      return withETag(reply, outcome).code(202).send({ position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/orders/:id/ship',
    {
      preValidation: [requireRoles('admin')], preHandler: [idempotent],
      schema: {
        tags: ['orders'],
        summary: 'Ship a confirmed order (admin)',
        security: [{ bearer: [] }],
        params: OrderParamsSchema,
        headers: IfMatchHeadersSchema,
        body: z.strictObject({ carrier: text, trackingNumber: text }),
        response: { 200: z.object({ position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const orderId = request.params.id;
      const { carrier, trackingNumber } = request.body;
      const outcome = await handleCommand(store, orderAggregate, orderStream(orderId), { type: 'ShipOrder', orderId, carrier, trackingNumber, at: context.occurredAt }, context);
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/orders/:id/deliver',
    {
      preValidation: [requireRoles('admin')], preHandler: [idempotent],
      schema: {
        tags: ['orders'],
        summary: 'Record that a shipped order was delivered (admin)',
        security: [{ bearer: [] }],
        params: OrderParamsSchema,
        headers: IfMatchHeadersSchema,
        body: NoBodySchema,
        response: { 200: z.object({ position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const orderId = request.params.id;
      const outcome = await handleCommand(store, orderAggregate, orderStream(orderId), { type: 'DeliverOrder', orderId, at: context.occurredAt }, context);
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/orders/:id/refunds',
    {
      preValidation: [requireRoles('admin', 'support')], preHandler: [idempotent],
      schema: {
        tags: ['orders'],
        summary: "Refund part or all of an order's captured payment (admin, support)",
        description: "The ETag and If-Match are the order's payment stream's.",
        security: [{ bearer: [] }],
        params: OrderParamsSchema,
        headers: IfMatchHeadersSchema,
        body: z.strictObject({ amount: MoneySchema, reason: z.string().trim().min(1).max(500) }),
        response: { 202: z.object({ refundId: z.uuid(), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { refundId, outcome } = await refundOrder(store, request.params.id, request.body, commandContext(request));
      return withETag(reply, outcome).code(202).send({ refundId, position: positionOf(outcome) });
    },
  );
}
