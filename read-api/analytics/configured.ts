import type { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';

/** No `CLICKHOUSE_URL`: there is no embedded ClickHouse, so the analytics routes answer 503 saying so. */
export class AnalyticsNotConfiguredError extends Error {
  override readonly name = 'AnalyticsNotConfiguredError';
  constructor() {
    super('analytics is not configured: set CLICKHOUSE_URL to a ClickHouse server');
  }
}

/** The analytics database with its schema in place; `AnalyticsNotConfiguredError` without one. */
export async function configured(analytics: AnalyticsDatabase | undefined): Promise<AnalyticsDatabase> {
  if (analytics === undefined) throw new AnalyticsNotConfiguredError();
  await analytics.ready();
  return analytics;
}
