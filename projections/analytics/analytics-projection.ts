import type { Logger } from 'pino';
import { ClickHouseUnavailableError } from '../../infra/clickhouse/errors.js';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { CheckpointedConsumer, type CheckpointedConsumerOptions } from '../runner/checkpointed-consumer.js';
import { LeaseLostError } from '../runner/lease.js';
import { batchFacts } from './batch-facts.js';
import type { AnalyticsDatabase } from './analytics-database.js';
import { OrderLineBook } from './order-lines.js';
import { insertRows } from './insert-rows.js';
import { ANALYTICS_PROJECTION } from './tables.js';
import { WrittenPositions } from './written-positions.js';

export interface AnalyticsProjectionDeps extends CheckpointedConsumerOptions {
  readonly store: EventStore;
  /** Holds the lease (`projection_leases`); the checkpoint lives in ClickHouse with the facts. */
  readonly db: SqlDatabase;
  readonly analytics: AnalyticsDatabase;
  readonly logger: Logger;
}

/** ClickHouse takes inserts best in batches of thousands, about once a second per table. */
const DEFAULTS = { batchSize: 20_000, lingerMs: 1_000 } as const satisfies CheckpointedConsumerOptions;

/**
 * Writes analytics facts to ClickHouse: a row per event (`event_facts`), per order line when an order
 * is confirmed, cancelled or refunded (`order_facts`), per product view (`product_views`), and the
 * hourly rollups the dashboards read. Each batch goes into every table in one INSERT, then the
 * checkpoint (in ClickHouse too). What a table already holds is never written again (see
 * `WrittenPositions`), so a replay or a restart after a crash counts nothing twice. While ClickHouse is
 * down the batch fails, the checkpoint stays, and the projection resumes from it once ClickHouse is back.
 */
export class AnalyticsProjection extends CheckpointedConsumer {
  private readonly analytics: AnalyticsDatabase;
  private written: WrittenPositions | undefined;

  constructor(deps: AnalyticsProjectionDeps) {
    super(ANALYTICS_PROJECTION, deps.store, deps.db, deps.logger, { ...DEFAULTS, ...deps });
    this.analytics = deps.analytics;
  }

  protected override isTransient(error: unknown): boolean {
    return error instanceof ClickHouseUnavailableError || error instanceof EventStoreUnavailableError || isPostgresUnavailable(error);
  }

  protected override async loadCheckpoint(): Promise<bigint> {
    const clickhouse = await this.analytics.ready();
    const checkpoint = await this.analytics.checkpoint.read();
    this.written = await WrittenPositions.read(clickhouse);
    return checkpoint;
  }

  protected override async handle(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    const written = this.written;
    if (last === undefined || written === undefined) return;
    const { clickhouse, checkpoint } = this.analytics;
    const rows = await batchFacts(batch, written, new OrderLineBook(clickhouse), this.log);
    if (!(await this.holdsLease())) throw new LeaseLostError(this.name);
    await insertRows(clickhouse, rows, written);
    await checkpoint.write(last.position);
    this.reached(last.position);
  }
}
