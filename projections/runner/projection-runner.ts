import type { Logger } from 'pino';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import type { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import type { Projection } from '../projection.js';
import { CheckpointedConsumer, type CheckpointedConsumerOptions } from './checkpointed-consumer.js';
import { parkEvent } from './parked-events.js';

export type ProjectionRunnerOptions = CheckpointedConsumerOptions;

/**
 * Runs one projection: applies the events in batches, each batch and its checkpoint in one
 * transaction. A dependency that is down is waited out; a batch that keeps failing is retried event by
 * event, and an event that still fails is parked with its error (never dropped) so that the rest goes on.
 */
export class ProjectionRunner extends CheckpointedConsumer {
  constructor(
    private readonly projection: Projection,
    store: EventStore,
    db: SqlDatabase,
    private readonly positions: ReadModelPositions | undefined,
    logger: Logger,
    options: ProjectionRunnerOptions = {},
  ) {
    super(projection.name, store, db, logger, options);
  }

  protected override isTransient(error: unknown): boolean {
    return error instanceof EventStoreUnavailableError || isPostgresUnavailable(error);
  }

  protected override reached(position: bigint): void {
    super.reached(position);
    this.positions?.announce(this.name, position);
  }

  protected override handle(batch: readonly RecordedEvent[]): Promise<void> {
    return this.applyOrPark(
      batch,
      (events) => this.apply(events),
      (event, error) => this.commit(event, (tx) => parkEvent(tx, this.name, event, error, this.options.attempts)),
    );
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (last === undefined) return;
    await this.commit(last, (tx, checkpoint) => this.projection.apply(tx, batch.filter((event) => event.position > checkpoint)));
  }
}
