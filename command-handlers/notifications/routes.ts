import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PhoneNumberSchema, PushEndpointSchema } from '../../domain/notifications/events.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { authenticate } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { IfMatchHeadersSchema } from '../http/if-match.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf, withETag } from '../http/responses.js';
import { notificationPreferencesOf, setNotificationPreferences } from './preferences.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema };
const PreferencesSchema = z.object({
  email: z.boolean(),
  sms: z.boolean(),
  push: z.boolean(),
  phone: PhoneNumberSchema.nullable(),
  pushEndpoint: PushEndpointSchema.nullable(),
});

/** The signed-in user's notification preferences (API.md, "Notifications"); one stream per user, so ETag and If-Match apply. */
export function notificationRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.put(
    '/api/v1/me/notification-preferences',
    {
      preValidation: [authenticate],
      preHandler: [idempotent],
      schema: {
        tags: ['notifications'],
        summary: 'Choose the channels notifications go to (a phone for SMS, an endpoint for push; omitted ones are kept, null removes them)',
        security: [{ bearer: [] }],
        headers: IfMatchHeadersSchema,
        body: z.strictObject({
          email: z.boolean(),
          sms: z.boolean(),
          push: z.boolean(),
          phone: PhoneNumberSchema.nullable().optional(),
          pushEndpoint: PushEndpointSchema.nullable().optional(),
        }),
        response: { 200: PreferencesSchema.extend({ position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      if (context.actorId === null) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const outcome = await setNotificationPreferences(store, context.actorId, request.body, context);
      return withETag(reply, outcome).code(200).send({ ...outcome.state, position: positionOf(outcome) });
    },
  );

  routes.get(
    '/api/v1/me/notification-preferences',
    {
      preValidation: [authenticate],
      schema: { tags: ['notifications'], summary: 'The channels notifications go to', security: [{ bearer: [] }], response: { 200: PreferencesSchema, ...errors } },
    },
    async (request, reply) => {
      if (request.actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      const loaded = await notificationPreferencesOf(store, request.actor.userId);
      return withETag(reply, loaded).send(loaded.state);
    },
  );
}
