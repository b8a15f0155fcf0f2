import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';
import type { RedisRecommendationReads } from '../recommendations/redis-reads.js';
import type { ReadModelPositions } from './read-model-positions.js';

/** What the query routes read: the read-model database and how far each read model has got. */
export interface QueryDependencies {
  readonly db: SqlExecutor;
  readonly positions: ReadModelPositions;
  /** The event store itself, for the audit routes (history as recorded). */
  readonly store: EventStore;
  /** The analytics facts in ClickHouse; unset without `CLICKHOUSE_URL` (the analytics routes answer 503). */
  readonly analytics?: AnalyticsDatabase;
  /** The recommendations kept in Redis; without them, recommendations come from the Postgres read models. */
  readonly recommendations?: RedisRecommendationReads;
}
