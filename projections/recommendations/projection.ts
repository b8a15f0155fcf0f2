import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { isRedisUnavailable } from '../../infra/redis/redis-client.js';
import { CheckpointedConsumer, type CheckpointedConsumerOptions, type ConsumerStatus } from '../runner/checkpointed-consumer.js';
import { LeaseLostError } from '../runner/lease.js';
import { parkEvent } from '../runner/parked-events.js';
import type { RecommendationKeys } from './keys.js';
import { RecommendationWriter } from './redis-writer.js';

export const RECOMMENDATIONS_PROJECTION = 'recommendations';

export interface RecommendationsProjectionDeps extends CheckpointedConsumerOptions {
  readonly store: EventStore;
  /** Holds the lease row (`projection_leases`); the checkpoint lives in Redis, with the data. */
  readonly db: SqlDatabase;
  readonly redis: Redis;
  readonly keys: RecommendationKeys;
  readonly logger: Logger;
}

export interface RecommendationsStatus extends ConsumerStatus {
  /** Since when the projection waits for Redis to answer again (undefined while it does). */
  readonly redisDownSince: Date | undefined;
}

/**
 * Keeps the co-purchases, co-views, popularity and customers' recent purchases and views in Redis.
 * The checkpoint moves after a batch's writes succeeded; since the writes are idempotent by
 * construction, a batch applied again (after a crash between the two, or a Redis that ran commands
 * the client had given up on) changes nothing. A Redis that is down is waited out, and the projection
 * resumes from its checkpoint. One runs across processes, holding a lease.
 */
export class RecommendationsProjection extends CheckpointedConsumer {
  private readonly writer: RecommendationWriter;
  private redisDownSince: Date | undefined;

  constructor(deps: RecommendationsProjectionDeps) {
    super(RECOMMENDATIONS_PROJECTION, deps.store, deps.db, deps.logger, deps);
    this.writer = new RecommendationWriter(deps.redis, deps.keys);
  }

  override status(): RecommendationsStatus {
    return { ...super.status(), redisDownSince: this.redisDownSince };
  }

  protected override isTransient(error: unknown): boolean {
    return isRedisUnavailable(error) || error instanceof EventStoreUnavailableError || isPostgresUnavailable(error);
  }

  protected override loadCheckpoint(): Promise<bigint> {
    return this.watchingRedis(() => this.writer.loadCheckpoint());
  }

  protected override handle(batch: readonly RecordedEvent[]): Promise<void> {
    return this.applyOrPark(
      batch,
      (events) => this.write(events),
      (event, error) => this.park(event, error),
    );
  }

  private async write(events: readonly RecordedEvent[]): Promise<void> {
    const last = events.at(-1);
    if (last === undefined) return;
    // Redis writes are not in the lease's transaction: a runner that lost its lease stops before writing.
    if (!(await this.holdsLease())) throw new LeaseLostError(this.name);
    await this.watchingRedis(async () => {
      await this.writer.apply(events);
      await this.writer.saveCheckpoint(last.position);
    });
    this.reached(last.position);
  }

  /** Where operators see the other projections' parked events (`shopverse projections parked`); the checkpoint moves past it. */
  private async park(event: RecordedEvent, error: unknown): Promise<void> {
    await this.db.transaction((tx) => parkEvent(tx, this.name, event, error, this.options.attempts));
    await this.watchingRedis(() => this.writer.saveCheckpoint(event.position));
    this.reached(event.position);
  }

  private async watchingRedis<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      if (this.redisDownSince !== undefined) this.log.info({ downMs: Date.now() - this.redisDownSince.getTime() }, 'redis back: recommendations resume from their checkpoint');
      this.redisDownSince = undefined;
      return result;
    } catch (error) {
      if (isRedisUnavailable(error)) this.redisDownSince ??= new Date();
      throw error;
    }
  }
}
