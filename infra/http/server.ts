import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type preHandlerAsyncHookHandler } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SqlDatabase } from '../postgres/sql-database.js';
import { registerAuth } from './auth.js';
import { CORRELATION_HEADER, correlationIdOf } from './correlation.js';
import { eventDocsRoute } from './event-docs.js';
import { metricsRoute } from '../metrics/metrics.js';
import { recordHttpMetrics } from './http-metrics.js';
import { healthRoutes, type HealthCheck, type ProjectionReadiness } from './health.js';
import { registerIdempotency } from './idempotency.js';
import { registerLoadShedding } from './load-shedding.js';
import { DEFAULT_MAX_REQUESTS_IN_FLIGHT } from '../config/config.js';
import { installProblemHandlers, type ErrorClassifier } from './problem.js';
import { registerRateLimit } from './rate-limit.js';
import { registerRequestLogContext } from './request-log-context.js';
import { registerHttpSpans } from '../tracing/http-spans.js';

/** What the gateway gives the routes of the API. */
export interface GatewayTools {
  /** Route pre-handler (after authentication) that honours `Idempotency-Key`. */
  readonly idempotent: preHandlerAsyncHookHandler;
}

export interface HttpServerDependencies {
  readonly logger: Logger;
  readonly healthChecks: readonly HealthCheck[];
  /** Read-model lag for readiness (none by default). */
  readonly projections?: () => readonly ProjectionReadiness[];
  readonly metrics: Registry;
  readonly jwtSecret: string;
  /** Where stored answers to idempotent requests live (the read-model database). */
  readonly gatewayDb: SqlDatabase;
  readonly rateLimit: { readonly perMinute: number; readonly redis: Redis | undefined };
  /** Requests worked on at once; more are answered 503 at once (`registerLoadShedding`). */
  readonly maxRequestsInFlight?: number;
  readonly classifyError?: ErrorClassifier;
  readonly routes?: (app: FastifyInstance, tools: GatewayTools) => Promise<void>;
}

export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * The gateway's HTTP server: correlation ids, problem+json errors, JWT auth, rate limits,
 * idempotency keys, OpenAPI docs from the zod schemas, health, and the API's routes.
 */
export async function buildHttpServer(deps: HttpServerDependencies): Promise<FastifyInstance> {
  // Typed as fastify's logger so the instance keeps fastify's default logger type parameter.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = fastify({
    loggerInstance,
    genReqId: correlationIdOf,
    // One log line per request (on completion) instead of fastify's two: logging is a large part of a request's cost.
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: the request's fields come from its log context (request-log-context.ts).
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT_BYTES,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // First: shedding a request must cost next to nothing.
  registerLoadShedding(app, deps.metrics, deps.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_IN_FLIGHT);
  registerRequestLogContext(app);
  registerHttpSpans(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime }, 'request completed');
  });
  recordHttpMetrics(app, deps.metrics);
  installProblemHandlers(app, deps.classifyError);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ShopVerse API', version: '1', description: 'The ShopVerse gateway: command and query API (see API.md).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  // A static path: the router prefers it to any wildcard swagger-ui adds under /docs (`/docs/*` with a baseDir).
  eventDocsRoute(app);
  await registerAuth(app, deps.jwtSecret);
  await registerRateLimit(app, deps.rateLimit);
  const idempotent = registerIdempotency(app, deps.gatewayDb);
  await app.register(healthRoutes(deps.healthChecks, deps.projections));
  metricsRoute(app, deps.metrics);
  if (deps.routes) await deps.routes(app, { idempotent });
  return app;
}
