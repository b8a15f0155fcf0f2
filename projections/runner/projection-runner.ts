import type { Logger } from 'pino';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import type { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import type { Projection } from '../projection.js';
import { CheckpointedConsumer, type CheckpointedConsumerOptions } from './checkpointed-consumer.js';
import { LeaseLostError } from './lease.js';
import { parkEvent } from './parked-events.js';

export interface ProjectionRunnerOptions extends CheckpointedConsumerOptions {
  /** Attempts at a failing batch, then at each of its events alone, before an event is parked. */
  readonly attempts?: number;
}

const isDependencyDown = (error: unknown): boolean => error instanceof EventStoreUnavailableError || isPostgresUnavailable(error);

/**
 * Runs one projection: applies the events in batches, each batch and its checkpoint in one
 * transaction. A dependency that is down is waited out; a batch that keeps failing is retried event by
 * event, and an event that still fails is parked with its error (never dropped) so that the rest goes on.
 */
export class ProjectionRunner extends CheckpointedConsumer {
  private readonly attempts: number;

  constructor(
    private readonly projection: Projection,
    store: EventStore,
    db: SqlDatabase,
    private readonly positions: ReadModelPositions | undefined,
    logger: Logger,
    options: ProjectionRunnerOptions = {},
  ) {
    super(projection.name, store, db, logger, options);
    this.attempts = options.attempts ?? 4;
  }

  protected override isTransient(error: unknown): boolean {
    return isDependencyDown(error);
  }

  protected override reached(position: bigint): void {
    super.reached(position);
    this.positions?.announce(this.name, position);
  }

  protected override async handle(batch: readonly RecordedEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.apply(batch);
        return;
      } catch (error) {
        if (isDependencyDown(error) || error instanceof LeaseLostError) throw error;
        if (attempt < this.attempts) {
          this.log.warn({ err: error, attempt, events: batch.length }, 'batch failed; retrying');
          await this.sleeper.sleep(this.backoff(attempt));
          continue;
        }
        if (batch.length > 1) {
          // Find the event at fault: each alone, so that the others still get applied.
          for (const event of batch) await this.handle([event]);
          return;
        }
        const [event] = batch;
        if (event === undefined) return;
        this.log.error({ err: error, position: event.position.toString(), eventId: event.eventId, type: event.type, correlationId: event.metadata.correlationId }, 'event parked');
        await this.commit(event, (tx) => parkEvent(tx, this.name, event, error, this.attempts));
        return;
      }
    }
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (last === undefined) return;
    await this.commit(last, (tx, checkpoint) => this.projection.apply(tx, batch.filter((event) => event.position > checkpoint)));
  }
}
