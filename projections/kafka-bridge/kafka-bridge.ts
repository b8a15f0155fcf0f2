import type { TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { CheckpointedConsumer, type CheckpointedConsumerOptions, type ConsumerStatus } from '../runner/checkpointed-consumer.js';
import { KafkaPublisher } from './publisher.js';
import { BridgeTopics } from './topics.js';

export const KAFKA_BRIDGE_NAME = 'kafka-bridge';

export interface KafkaBridgeDeps extends CheckpointedConsumerOptions {
  readonly store: EventStore;
  /** Holds the checkpoint and lease rows (`projection_checkpoints`, `projection_leases`). */
  readonly db: SqlDatabase;
  readonly brokers: readonly string[];
  readonly logger: Logger;
  /** Topics are `<prefix>.<context>.v1`; default `shopverse`. */
  readonly topicPrefix?: string;
  /** Partitions of each topic the bridge creates; default 6. */
  readonly partitions?: number;
}

export interface KafkaBridgeStatus extends ConsumerStatus {
  /** Whether the last attempt to reach Kafka succeeded (false until the first batch went out). */
  readonly connected: boolean;
  /** Whether a batch waits for Kafka to come back (the bridge publishes nothing meanwhile). */
  readonly paused: boolean;
  /** Since when it waits, when paused. */
  readonly pausedSince: Date | undefined;
  /** Events Kafka acknowledged since this process started (repeats after a failure included). */
  readonly published: number;
  /** Events the broker refused, sent to the dead-letter topic instead. */
  readonly deadLettered: number;
}

/**
 * Publishes every event of `$all` to Kafka, at least once and in order per stream: a batch is sent
 * and acknowledged before the checkpoint moves, and a batch that fails (broker down) is sent again
 * after a pause, never skipped; meanwhile the bridge is paused and reads nothing more. One bridge
 * runs across processes, holding a lease.
 *
 * Two batches overlap: while the producer thread sends one, this thread reads the next and builds its
 * messages; the next is sent once the one before it is acknowledged and its checkpoint written.
 */
export class KafkaBridge extends CheckpointedConsumer {
  private readonly publisher: KafkaPublisher;
  private connected = false;
  private pausedSince: Date | undefined;
  private published = 0;
  private deadLettered = 0;
  /** The batch being sent and checkpointed, if any; `since`: when its first event was recorded. */
  private inFlight: { readonly done: Promise<void>; readonly since: Date } | undefined;

  constructor(deps: KafkaBridgeDeps) {
    // Big batches while catching up: each costs a produce request and a checkpoint transaction.
    super(KAFKA_BRIDGE_NAME, deps.store, deps.db, deps.logger, { batchSize: 5_000, ...deps });
    this.publisher = new KafkaPublisher({
      brokers: deps.brokers,
      topics: new BridgeTopics(deps.topicPrefix),
      partitions: deps.partitions ?? 6,
      logger: this.log,
    });
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.publisher.close();
    this.connected = false;
    this.pausedSince = undefined;
  }

  override status(): KafkaBridgeStatus {
    const status = super.status();
    const inFlightMs = this.inFlight === undefined ? 0 : Date.now() - this.inFlight.since.getTime();
    return {
      ...status,
      lagMs: Math.max(status.lagMs, inFlightMs),
      connected: this.connected,
      paused: this.pausedSince !== undefined,
      pausedSince: this.pausedSince,
      published: this.published,
      deadLettered: this.deadLettered,
    };
  }

  /** Where to resume; meanwhile the producer thread starts and connects, in time for the first batch. */
  protected override loadCheckpoint(): Promise<bigint> {
    this.publisher.warmUp();
    return super.loadCheckpoint();
  }

  protected override isTransient(): boolean {
    // Whatever failed (the store, the checkpoint's database) is retried from the checkpoint.
    return true;
  }

  /** Builds the batch's messages, waits for the batch before it, and leaves this one being sent. */
  protected override async handle(batch: readonly RecordedEvent[]): Promise<void> {
    const first = batch[0];
    const last = batch.at(-1);
    if (first === undefined || last === undefined) return;
    const messages = this.publisher.messagesOf(batch);
    await this.settle();
    const done = this.deliver(batch, messages, last);
    // Its failure is seen by the next handle or settle (and restarts the bridge from its checkpoint).
    done.catch(() => undefined);
    this.inFlight = { done, since: first.recordedAt };
  }

  /** The batch in flight acknowledged and checkpointed; throws (once) what made it fail. */
  protected override async settle(): Promise<void> {
    const inFlight = this.inFlight;
    if (inFlight === undefined) return;
    try {
      await inFlight.done;
    } finally {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    }
  }

  private async deliver(batch: readonly RecordedEvent[], messages: TopicMessages[], last: RecordedEvent): Promise<void> {
    if (await this.publishUntilAcked(batch, messages)) await this.commit(last);
  }

  /** The same batch until Kafka acknowledges it; false when stopped first. */
  private async publishUntilAcked(batch: readonly RecordedEvent[], messages: TopicMessages[]): Promise<boolean> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        const { deadLettered } = await this.publisher.publish(batch, messages);
        this.published += batch.length;
        this.deadLettered += deadLettered;
        this.resumed(attempt);
        return true;
      } catch (error) {
        this.pause(error, attempt, batch);
        await this.sleeper.sleep(this.backoff(attempt));
      }
    }
    return false;
  }

  private pause(error: unknown, attempt: number, batch: readonly RecordedEvent[]): void {
    this.connected = false;
    const first = batch[0];
    const context = { err: error, attempt, retryInMs: this.backoff(attempt), events: batch.length, fromPosition: first?.position.toString(), correlationId: first?.metadata.correlationId };
    if (this.pausedSince === undefined) {
      this.pausedSince = new Date();
      this.log.error(context, 'kafka unavailable: bridge paused, retrying the batch');
    } else {
      this.log.warn(context, 'kafka still unavailable: retrying the batch');
    }
  }

  private resumed(attempt: number): void {
    if (this.pausedSince !== undefined) {
      this.log.info({ attempt, pausedMs: Date.now() - this.pausedSince.getTime() }, 'kafka back: bridge resumed');
    } else if (!this.connected) {
      this.log.info('kafka bridge connected');
    }
    this.pausedSince = undefined;
    this.connected = true;
  }
}
