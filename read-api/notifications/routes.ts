import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { NotificationViewSchema, notificationsOf } from './notification-list.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 503: ProblemSchema };

/** Notifications (API.md, "Notifications"): the query. */
export function notificationQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/notifications',
    {
      // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
      preValidation: [authenticate],
      preHandler: [readsFrom(positions, 'notifications')],
      schema: {
        tags: ['notifications'],
        summary: 'Your own notifications, newest first, with their delivery status',
        description: 'A bare array as API.md has it, so no cursor: `limit` (1..100, default 50) bounds it to the newest.',
        security: [{ bearer: [] }],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
        headers: MinPositionHeadersSchema,
        response: { 200: z.array(NotificationViewSchema), ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      return notificationsOf(db, actor.userId, request.query.limit);
    },
  );
}
