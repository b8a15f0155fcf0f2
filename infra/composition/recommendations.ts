import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { RecommendationKeys } from '../../projections/recommendations/keys.js';
import { recommendationsReadiness, registerRecommendationsMetrics } from '../../projections/recommendations/monitoring.js';
import { RecommendationsProjection } from '../../projections/recommendations/projection.js';
import { RedisRecommendationReads } from '../../read-api/recommendations/redis-reads.js';
import type { Config } from '../config/config.js';
import type { EventStore } from '../event-store/port.js';
import type { ProjectionReadiness } from '../http/health.js';
import { redactUrl } from '../logging/redact-url.js';
import type { SqlDatabase } from '../postgres/sql-database.js';
import { openRedis } from '../redis/redis-client.js';

/** A query waits this long for Redis at most, then answers from Postgres. */
const QUERY_TIMEOUT_MS = 250;
/** A batch's pipeline may take a while on a busy Redis; a frozen one fails it and the batch is retried. */
const PROJECTION_TIMEOUT_MS = 5_000;

export interface Recommendations {
  /** What the query routes read in Redis; undefined without Redis (they answer from Postgres). */
  readonly reads: RedisRecommendationReads | undefined;
  readiness(): ProjectionReadiness[];
  start(): void;
  stop(): Promise<void>;
}

/**
 * Redis recommendations when `REDIS_URL` is set: the projection where this process runs projections, the
 * reads where it serves the API, each on a client of its own (their timeouts differ). Without Redis the
 * routes compute recommendations from the Postgres read models (DESIGN.md, embedded defaults).
 */
export function wireRecommendations(config: Config, deps: { store: EventStore; db: SqlDatabase; logger: Logger; metrics: Registry }): Recommendations {
  const { logger } = deps;
  const url = config.redisUrl;
  if (url === undefined) {
    logger.info({ port: 'recommendations', adapter: 'postgres (content and popularity from the read models)' }, 'recommendations store');
    return { reads: undefined, readiness: () => [], start: () => undefined, stop: () => Promise.resolve() };
  }
  logger.info({ port: 'recommendations', adapter: `redis ${redactUrl(url)}`, keyPrefix: config.recommendationsKeyPrefix }, 'recommendations store');
  const keys = new RecommendationKeys(config.recommendationsKeyPrefix);
  const queryClient = config.roles.has('api') ? openRedis(url, logger, { purpose: 'recommendation queries', commandTimeoutMs: QUERY_TIMEOUT_MS }) : undefined;
  const projectionClient = config.roles.has('projections') ? openRedis(url, logger, { purpose: 'recommendations projection', commandTimeoutMs: PROJECTION_TIMEOUT_MS }) : undefined;
  const projection = projectionClient === undefined ? undefined : new RecommendationsProjection({ store: deps.store, db: deps.db, redis: projectionClient, keys, logger });
  if (projection !== undefined) registerRecommendationsMetrics(projection, deps.metrics);
  return {
    reads: queryClient === undefined ? undefined : new RedisRecommendationReads(queryClient, keys),
    readiness: () => (projection === undefined ? [] : recommendationsReadiness(projection)),
    start: () => projection?.start(),
    async stop() {
      await projection?.stop();
      queryClient?.disconnect();
      projectionClient?.disconnect();
    },
  };
}
