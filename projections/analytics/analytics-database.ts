import type { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { SchemaMigration } from '../../infra/clickhouse/schema-migration.js';
import { ClickHouseCheckpoint } from './checkpoint.js';
import { ANALYTICS_PROJECTION, analyticsSchema } from './tables.js';

/**
 * The analytics database in ClickHouse, as the projection and the query routes share it: each makes
 * sure of the schema before its first use, since either may be the first to reach a fresh server.
 */
export class AnalyticsDatabase {
  readonly checkpoint: ClickHouseCheckpoint;
  private readonly schema: SchemaMigration;

  constructor(readonly clickhouse: ClickHouse) {
    this.schema = new SchemaMigration(clickhouse, analyticsSchema(clickhouse.database));
    this.checkpoint = new ClickHouseCheckpoint(clickhouse, ANALYTICS_PROJECTION);
  }

  /** The connection, once the schema is in place. */
  async ready(): Promise<ClickHouse> {
    await this.schema.ensure();
    return this.clickhouse;
  }

  close(): Promise<void> {
    return this.clickhouse.close();
  }
}
