import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ClickHouseUnavailableError } from '../clickhouse/errors.js';
import { EventStoreUnavailableError } from '../event-store/errors.js';
import { isPostgresUnavailable } from '../postgres/errors.js';

/** RFC 9457 problem details, the body of every error answer (API.md, "Errors"). */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, errors?: Problem['errors']): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...(errors ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Maps errors of a layer the gateway does not know (e.g. command handling) onto problems. */
export type ErrorClassifier = (error: unknown) => Problem | undefined;

function dependencyDown(error: unknown): boolean {
  return error instanceof EventStoreUnavailableError || isPostgresUnavailable(error) || error instanceof ClickHouseUnavailableError;
}

/**
 * Every error, including fastify's own (bad JSON, body too large, wrong content type), answers as
 * problem+json. A dependency that is down is a 503 with Retry-After, never a 500.
 */
export function installProblemHandlers(app: FastifyInstance, classify: ErrorClassifier = () => undefined): void {
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem(404, `no route for ${request.method} ${request.url}`)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.'),
        message: issue.message ?? 'is invalid',
      }));
      return sendProblem(reply, problem(400, 'the request is invalid', errors));
    }
    const classified = classify(error);
    if (classified !== undefined) return sendProblem(reply, classified);
    if (dependencyDown(error)) {
      request.log.warn({ err: error }, 'a dependency is down');
      return sendProblem(reply.header('retry-after', '1'), problem(503, 'a service this request needs is unavailable; retry shortly'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, problem(status, status === 500 ? 'an unexpected error occurred' : error.message));
    }
    return sendProblem(reply, problem(status, error.message));
  });
}
