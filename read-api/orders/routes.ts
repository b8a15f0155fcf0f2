import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import { PageQuerySchema } from '../http/pagination.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { maySeeOrderOf, seesEveryOrder } from './access.js';
import { findOrder, listOrders } from './order-queries.js';
import { customerOfOrder, transactionsOfOrder } from './payment-queries.js';
import { OrderPageSchema, OrderViewSchema, PaymentTransactionSchema } from './schemas.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema };
const noSuchOrder = problem(404, 'no such order');

/** Orders and payments (API.md, "Orders and payments"): the queries. */
export function orderQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/orders/:id',
    {
      // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
      preValidation: [authenticate],
      preHandler: [readsFrom(positions, 'orders')],
      schema: {
        tags: ['orders'],
        summary: "An order with its items, status history, payment and shipment (owner, admin, support; another customer's order is a 404)",
        security: [{ bearer: [] }],
        params: z.object({ id: z.uuid() }),
        headers: MinPositionHeadersSchema,
        response: { 200: OrderViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const order = await findOrder(db, request.params.id);
      if (order === undefined || !maySeeOrderOf(actor, order.customerId)) return sendProblem(reply, noSuchOrder);
      return order;
    },
  );

  routes.get(
    '/api/v1/orders',
    {
      preValidation: [authenticate],
      preHandler: [readsFrom(positions, 'orders')],
      schema: {
        tags: ['orders'],
        summary: "Orders, newest first: a customer's own; admin and support every customer's, or one customer's with `customerId`",
        description: 'A customer may pass their own `customerId`; anyone else\'s is a 403.',
        security: [{ bearer: [] }],
        querystring: PageQuerySchema.extend({ customerId: z.uuid().optional() }),
        headers: MinPositionHeadersSchema,
        response: { 200: OrderPageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const { customerId, limit, cursor } = request.query;
      if (!seesEveryOrder(actor) && customerId !== undefined && customerId !== actor.userId) {
        return sendProblem(reply, problem(403, "only admin and support may list another customer's orders"));
      }
      return listOrders(db, { customerId: seesEveryOrder(actor) ? customerId : actor.userId, limit, cursor });
    },
  );

  routes.get(
    '/api/v1/payments',
    {
      preValidation: [authenticate],
      preHandler: [readsFrom(positions, 'orders', 'payments')],
      schema: {
        tags: ['orders'],
        summary: "An order's payment transactions, oldest first (owner, admin, support; another customer's order is a 404)",
        security: [{ bearer: [] }],
        querystring: z.object({ orderId: z.uuid() }),
        headers: MinPositionHeadersSchema,
        response: { 200: z.array(PaymentTransactionSchema), ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const { orderId } = request.query;
      const customerId = await customerOfOrder(db, orderId);
      if (customerId === undefined || !maySeeOrderOf(actor, customerId)) return sendProblem(reply, noSuchOrder);
      return transactionsOfOrder(db, orderId);
    },
  );
}
