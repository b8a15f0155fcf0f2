import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { CORRELATION_HEADER, correlationIdOf } from './correlation.js';
import { healthRoutes, type HealthCheck } from './health.js';
import { installProblemHandlers } from './problem.js';

export interface HttpServerDependencies {
  readonly logger: Logger;
  readonly healthChecks: readonly HealthCheck[];
}

/** The gateway's HTTP server: correlation ids, problem+json errors, OpenAPI docs from the zod schemas, health. */
export async function buildHttpServer(deps: HttpServerDependencies): Promise<FastifyInstance> {
  // Typed as fastify's logger so the instance keeps fastify's default logger type parameter.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = fastify({
    loggerInstance,
    genReqId: correlationIdOf,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  installProblemHandlers(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ShopVerse API', version: '1', description: 'The ShopVerse gateway: command and query API (see API.md).' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes(deps.healthChecks));
  return app;
}
