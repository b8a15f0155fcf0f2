import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { addToLogContext } from '../logging/log-context.js';
import { problem, sendProblem } from './problem.js';

/** What an access token says: who, in which session, with which roles (the users context names them). */
const AccessClaimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  roles: z.array(z.string().min(1)),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

export interface Actor {
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` (or `identify` for routes open to anyone). */
    actor: Actor | undefined;
  }
}

export const ACCESS_TOKEN_SECONDS = 900;

/** HS256 only: `alg: none` and other algorithms are refused, as are expired and tampered tokens. */
export async function registerAuth(app: FastifyInstance, secret: string): Promise<void> {
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_SECONDS },
    verify: { algorithms: ['HS256'] },
  });
  app.decorateRequest('actor', undefined);
}

export function signAccessToken(app: FastifyInstance, claims: AccessClaims): string {
  return app.jwt.sign(claims);
}

async function verifiedActor(request: FastifyRequest): Promise<Actor | undefined> {
  try {
    const claims = AccessClaimsSchema.parse(await request.jwtVerify());
    return { userId: claims.sub, sessionId: claims.sid, roles: claims.roles };
  } catch {
    return undefined;
  }
}

/** Routes for signed-in users: 401 without a valid access token. */
export const authenticate: preHandlerAsyncHookHandler = async function authenticate(request: FastifyRequest, reply: FastifyReply) {
  const actor = request.headers.authorization === undefined ? undefined : await verifiedActor(request);
  if (actor === undefined) {
    await sendProblem(reply.header('www-authenticate', 'Bearer'), problem(401, 'a valid access token is required'));
    return;
  }
  // From here on the request's log lines say on whose behalf it runs.
  addToLogContext({ userId: actor.userId });
  request.actor = actor;
};

/** Routes open to anyone that know signed-in callers: no token is fine, a bad one is a 401 (never silently anonymous). */
export const identify: preHandlerAsyncHookHandler = async function identify(request, reply) {
  if (request.headers.authorization === undefined) return;
  await authenticate.call(this, request, reply);
};

/** Routes for some roles only: 401 when not signed in, 403 when signed in without one of the roles. */
export function requireRoles(...roles: readonly string[]): preHandlerAsyncHookHandler {
  return async function requireRole(request, reply) {
    await authenticate.call(this, request, reply);
    if (reply.sent) return;
    if (!request.actor?.roles.some((role) => roles.includes(role))) {
      await sendProblem(reply, problem(403, `this needs one of the roles ${roles.join(', ')}`));
    }
  };
}
