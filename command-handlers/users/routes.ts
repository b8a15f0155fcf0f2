import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userAggregate } from '../../domain/users/aggregates.js';
import { RoleSchema } from '../../domain/users/roles.js';
import { userStream } from '../../domain/users/user.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { ACCESS_TOKEN_SECONDS, authenticate, requireRoles, signAccessToken } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf } from '../http/responses.js';
import { handleCommand } from '../handle-command.js';
import { authenticateAccount, findAccount, registerUser } from './accounts.js';
import { endSession, rotateSession, startSession, type SessionTokens } from './sessions.js';

const TokenPairSchema = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

/** Users and sessions (API.md, "Users and sessions"). */
export function userRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // No tokens for an account that is gone (erased since the session started).
  const tokenPair = async (tokens: SessionTokens): Promise<z.infer<typeof TokenPairSchema> | undefined> => {
    const account = await findAccount(store, tokens.userId);
    if (account === undefined) return undefined;
    return {
      accessToken: signAccessToken(app, { sub: tokens.userId, sid: tokens.sessionId, roles: [...account.roles] }),
      refreshToken: tokens.refreshToken,
      expiresIn: ACCESS_TOKEN_SECONDS,
    };
  };

  routes.post(
    '/api/v1/users',
    {
      preHandler: [idempotent],
      schema: {
        tags: ['users'],
        summary: 'Register a customer',
        body: z.strictObject({ email: z.email().max(254), password: z.string().min(8).max(200), name: z.string().trim().min(1).max(200) }),
        response: { 201: z.object({ userId: z.uuid(), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { userId, position } = await registerUser(store, request.body, commandContext(request));
      return reply.code(201).send({ userId, position: positionOf({ position }) });
    },
  );

  routes.post(
    '/api/v1/auth/login',
    {
      preHandler: [idempotent],
      schema: { tags: ['users'], summary: 'Sign in', body: z.strictObject({ email: z.string().max(254), password: z.string().max(200) }), response: { 200: TokenPairSchema, ...errors } },
    },
    async (request, reply) => {
      const account = await authenticateAccount(store, request.body.email, request.body.password);
      const tokens = account === undefined ? undefined : await tokenPair(await startSession(store, account.userId, commandContext(request)));
      return tokens ?? sendProblem(reply, problem(401, 'wrong email or password'));
    },
  );

  routes.post(
    '/api/v1/auth/refresh',
    {
      preHandler: [idempotent],
      schema: { tags: ['users'], summary: 'Exchange a refresh token for a new pair', body: z.strictObject({ refreshToken: z.string().max(500) }), response: { 200: TokenPairSchema, ...errors } },
    },
    async (request, reply) => {
      const rotated = await rotateSession(store, request.body.refreshToken, commandContext(request));
      const tokens = rotated === undefined ? undefined : await tokenPair(rotated);
      return tokens ?? sendProblem(reply, problem(401, 'the refresh token is not valid'));
    },
  );

  routes.post(
    '/api/v1/auth/logout',
    { preValidation: [authenticate], schema: { tags: ['users'], summary: "Revoke the session's refresh token", security: [{ bearer: [] }], response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const actor = request.actor;
      if (actor === undefined) return sendProblem(reply, problem(401, 'a valid access token is required'));
      await endSession(store, actor.sessionId, commandContext(request));
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/api/v1/me',
    {
      preValidation: [authenticate],
      schema: { tags: ['users'], security: [{ bearer: [] }], response: { 200: z.object({ userId: z.uuid(), email: z.string(), name: z.string(), roles: z.array(RoleSchema) }), ...errors } },
    },
    async (request, reply) => {
      const account = request.actor === undefined ? undefined : await findAccount(store, request.actor.userId);
      if (account === undefined) return sendProblem(reply, problem(404, 'no such user'));
      return { ...account, roles: [...account.roles] };
    },
  );

  routes.post(
    '/api/v1/users/:userId/roles',
    {
      preValidation: [requireRoles('admin')], preHandler: [idempotent],
      schema: {
        tags: ['users'],
        summary: "Set a user's roles (admin)",
        security: [{ bearer: [] }],
        params: z.object({ userId: z.uuid() }),
        body: z.strictObject({ roles: z.array(RoleSchema).min(1) }),
        response: { 200: z.object({ userId: z.uuid(), roles: z.array(RoleSchema), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const { userId } = request.params;
      const outcome = await handleCommand(store, userAggregate, userStream(userId), { type: 'ChangeRoles', userId, roles: request.body.roles, changedBy: context.actorId ?? '', at: context.occurredAt }, context);
      const roles = outcome.state.status === 'registered' ? [...outcome.state.roles] : [];
      return reply.code(200).send({ userId, roles, position: positionOf(outcome) });
    },
  );
}
