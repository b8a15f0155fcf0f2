import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import { pageOf, PageQuerySchema } from '../http/pagination.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { findUser } from './find-user.js';
import { UserSchema } from './user-rows.js';
import { usersPage } from './users-page.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 503: ProblemSchema };

/** Looking users up, for admins and support (beyond API.md, which has only `GET /me`). */
export function userQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
  const staff = { preValidation: [requireRoles('admin', 'support')], preHandler: [readsFrom(positions, 'users')] };

  routes.get(
    '/api/v1/users',
    {
      ...staff,
      schema: {
        tags: ['users'],
        summary: 'Users in the order they registered, or the one with this email (admin, support)',
        security: [{ bearer: [] }],
        querystring: PageQuerySchema.extend({ email: z.string().trim().min(1).max(320).optional().describe('exact match, case-insensitive') }),
        headers: MinPositionHeadersSchema,
        response: { 200: pageOf(UserSchema), ...errors },
      },
    },
    async (request) => usersPage(db, request.query),
  );

  routes.get(
    '/api/v1/users/:userId',
    {
      ...staff,
      schema: {
        tags: ['users'],
        summary: 'A user with their roles (admin, support)',
        security: [{ bearer: [] }],
        params: z.object({ userId: z.uuid() }),
        headers: MinPositionHeadersSchema,
        response: { 200: UserSchema, 404: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await findUser(db, request.params.userId);
      if (user === undefined) return sendProblem(reply, problem(404, 'no such user'));
      return user;
    },
  );
}
