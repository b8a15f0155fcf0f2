import type { Logger } from 'pino';
import { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';
import { AnalyticsProjection } from '../../projections/analytics/analytics-projection.js';
import type { Registry } from 'prom-client';
import { leaderReadiness, registerConsumerGauges, whileLeading } from '../../projections/runner/consumer-readiness.js';
import { ClickHouse } from '../clickhouse/clickhouse.js';
import type { Config } from '../config/config.js';
import type { EventStore } from '../event-store/port.js';
import type { HealthCheck, ProjectionReadiness } from '../http/health.js';
import type { SqlDatabase } from '../postgres/sql-database.js';

export interface Analytics {
  /** What the analytics routes read; undefined without `CLICKHOUSE_URL` (they answer 503). */
  readonly database: AnalyticsDatabase | undefined;
  readonly healthChecks: readonly HealthCheck[];
  readiness(): ProjectionReadiness[];
  start(): void;
  stop(): Promise<void>;
}

/**
 * Analytics facts in ClickHouse when `CLICKHOUSE_URL` is set: the projection where this process runs
 * projections (with its lag and position gauges), the database for the routes, and ClickHouse among
 * the dependencies of readiness.
 */
export function wireAnalytics(config: Config, deps: { store: EventStore; db: SqlDatabase; logger: Logger; metrics: Registry }): Analytics {
  const { logger } = deps;
  if (config.clickhouseUrl === undefined) {
    logger.info({ port: 'analytics', adapter: 'none (CLICKHOUSE_URL unset): the analytics routes answer 503' }, 'analytics facts');
    return { database: undefined, healthChecks: [], readiness: () => [], start: () => undefined, stop: () => Promise.resolve() };
  }
  const clickhouse = new ClickHouse(config.clickhouseUrl);
  const database = new AnalyticsDatabase(clickhouse);
  logger.info({ port: 'analytics', adapter: clickhouse.description }, 'analytics facts');
  const projection = config.roles.has('projections') ? new AnalyticsProjection({ store: deps.store, db: deps.db, analytics: database, logger }) : undefined;
  if (projection !== undefined) {
    registerConsumerGauges(
      deps.metrics,
      'shopverse_analytics',
      {
        lag: 'How long the oldest event received but not yet written to ClickHouse as a fact has waited',
        position: 'The position of the last event written to ClickHouse as a fact (its checkpoint)',
      },
      whileLeading(() => projection.status()),
    );
  }
  return {
    database,
    healthChecks: [{ name: 'clickhouse', adapter: clickhouse.description, check: () => clickhouse.ping() }],
    readiness: () => (projection === undefined ? [] : leaderReadiness(projection.status())),
    start: () => projection?.start(),
    async stop() {
      await projection?.stop();
      await database.close();
    },
  };
}
