import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

class RateLimitedError extends Error {
  readonly statusCode = 429;
}

/**
 * Requests per client address and minute. With Redis the count is shared by every gateway process;
 * without it each process counts alone. If Redis is down, requests pass rather than fail.
 */
export async function registerRateLimit(app: FastifyInstance, options: { readonly perMinute: number; readonly redis: Redis | undefined }): Promise<void> {
  await app.register(rateLimit, {
    max: options.perMinute,
    timeWindow: 60_000,
    ...(options.redis === undefined ? {} : { redis: options.redis, nameSpace: 'shopverse:rate-limit:' }),
    skipOnError: true,
    allowList: (request) => request.url.startsWith('/health/'),
    errorResponseBuilder: (_request, context) => new RateLimitedError(`rate limit of ${context.max} requests a minute reached; retry in ${context.after}`),
  });
}
