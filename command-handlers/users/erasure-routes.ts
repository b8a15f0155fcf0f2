import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStore } from '../../infra/event-store/port.js';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf } from '../http/responses.js';
import { eraseUser, type KeyShredder } from './erasure.js';

/** `POST /api/v1/users/{id}/erase` (admin): a user's right to erasure. */
export function erasureRoutes(app: FastifyInstance, store: EventStore, shredder: KeyShredder, { idempotent }: GatewayTools): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/users/:userId/erase',
    {
      preValidation: [requireRoles('admin')],
      preHandler: [idempotent],
      schema: {
        tags: ['users'],
        summary: "Erase a user's personal data (admin)",
        description:
          "Destroys the user's data key: from then on their email, name, addresses and phone read `[erased]` in every event, read model, audit answer, export and new Kafka message, while amounts, products and times stay. The user can no longer sign in. Repeating it changes nothing.",
        security: [{ bearer: [] }],
        params: z.object({ userId: z.uuid() }),
        response: { 200: z.object({ userId: z.uuid(), status: z.literal('erased'), position: PositionSchema }), 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const { actorId } = context;
      if (actorId === null) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const outcome = await eraseUser(store, shredder, request.params.userId, { ...context, actorId });
      return reply.code(200).send({ userId: request.params.userId, status: 'erased' as const, position: positionOf(outcome) });
    },
  );
}
