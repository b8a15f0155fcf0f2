import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EventStore, EventSubscription, RecordedEvent } from '../../infra/event-store/port.js';
import { Sleeper } from '../../infra/event-store/sleeper.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { inBatches } from '../runner/batches.js';
import { NOTHING_PROCESSED, readCheckpoint, writeCheckpoint } from '../runner/checkpoints.js';
import { LeaseLostError, ProjectionLease } from '../runner/lease.js';
import { KafkaPublisher } from './publisher.js';
import { BridgeTopics } from './topics.js';

export const KAFKA_BRIDGE_NAME = 'kafka-bridge';

export interface KafkaBridgeDeps {
  readonly store: EventStore;
  /** Holds the checkpoint and lease rows (`projection_checkpoints`, `projection_leases`). */
  readonly db: SqlDatabase;
  readonly brokers: readonly string[];
  readonly logger: Logger;
  /** Topics are `<prefix>.<context>.v1`; default `shopverse`. */
  readonly topicPrefix?: string;
  /** Partitions of each topic the bridge creates; default 6. */
  readonly partitions?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  readonly maxBackoffMs?: number;
}

export interface KafkaBridgeStatus {
  readonly running: boolean;
  /** Whether the last attempt to reach Kafka succeeded. */
  readonly connected: boolean;
  /** Whether this process holds the lease (another process bridges otherwise). */
  readonly leader: boolean;
  /** The last position Kafka acknowledged (-1 before the first). */
  readonly position: bigint;
  /** How long the oldest event received but not yet acknowledged has waited since it was recorded. */
  readonly lagMs: number;
}

/**
 * Publishes every event of `$all` to Kafka, at least once and in order per stream: a batch is sent
 * and acknowledged before the checkpoint moves, and a batch that fails (broker down) is sent again
 * after a pause, never skipped. One bridge runs across processes, holding a lease.
 */
export class KafkaBridge {
  private readonly publisher: KafkaPublisher;
  private readonly lease: ProjectionLease;
  private readonly sleeper = new Sleeper();
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private leader = false;
  private connected = false;
  private position = NOTHING_PROCESSED;
  private oldestWaiting: Date | undefined;
  private subscription: EventSubscription | undefined;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly deps: KafkaBridgeDeps) {
    this.log = deps.logger.child({ projection: KAFKA_BRIDGE_NAME });
    this.batchSize = deps.batchSize ?? 1_000;
    this.leaseMs = deps.leaseMs ?? 10_000;
    this.maxBackoffMs = deps.maxBackoffMs ?? 5_000;
    this.lease = new ProjectionLease(KAFKA_BRIDGE_NAME, `${hostname()}/${String(process.pid)}/${randomUUID()}`, this.leaseMs);
    this.publisher = new KafkaPublisher({
      brokers: deps.brokers,
      topics: new BridgeTopics(deps.topicPrefix),
      partitions: deps.partitions ?? 6,
      logger: this.log,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.subscription?.close();
    await this.loop;
    clearInterval(this.heartbeat);
    if (this.leader) await this.lease.release(this.deps.db).catch(() => undefined);
    this.leader = false;
    await this.publisher.close();
    this.connected = false;
  }

  status(): KafkaBridgeStatus {
    return {
      running: this.running,
      connected: this.connected,
      leader: this.leader,
      position: this.position,
      lagMs: this.oldestWaiting === undefined ? 0 : Math.max(0, Date.now() - this.oldestWaiting.getTime()),
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (await this.lease.acquire(this.deps.db)) {
          this.becomeLeader();
          await this.follow();
          failures = 0;
        } else {
          this.leader = false;
          await this.sleeper.sleep(this.leaseMs / 3);
        }
      } catch (error) {
        this.oldestWaiting = undefined;
        if (error instanceof LeaseLostError) {
          this.log.warn('lease lost to another bridge: standing by');
          this.leader = false;
          continue;
        }
        failures++;
        const delay = this.backoff(failures);
        this.log.warn({ err: error, retryInMs: delay }, 'kafka bridge failed; restarting from its checkpoint');
        await this.sleeper.sleep(delay);
      }
    }
  }

  private becomeLeader(): void {
    if (!this.leader) this.log.info('kafka bridge lease taken: running');
    this.leader = true;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      this.lease.renew(this.deps.db).then(
        (held) => {
          if (!held) void this.subscription?.close();
        },
        () => undefined,
      );
    }, this.leaseMs / 3);
    this.heartbeat.unref();
  }

  /** Catch up from the checkpoint, then follow live, until stopped or a failure. */
  private async follow(): Promise<void> {
    this.position = await readCheckpoint(this.deps.db, KAFKA_BRIDGE_NAME);
    const subscription = this.deps.store.subscribeToAll({ fromPosition: this.position === NOTHING_PROCESSED ? 'start' : this.position });
    this.subscription = subscription;
    try {
      for await (const batch of inBatches(subscription, this.batchSize)) {
        this.oldestWaiting = batch[0]?.recordedAt;
        const published = await this.publishUntilAcked(batch);
        if (!published) break;
        await this.checkpoint(batch);
        this.oldestWaiting = undefined;
        if (!this.running) break;
      }
    } finally {
      await subscription.close();
    }
    if (this.running && !(await this.lease.renew(this.deps.db))) throw new LeaseLostError(KAFKA_BRIDGE_NAME);
  }

  /** The same batch until Kafka acknowledges it; false when stopped first. */
  private async publishUntilAcked(batch: readonly RecordedEvent[]): Promise<boolean> {
    for (let attempt = 1; this.running; attempt++) {
      try {
        await this.publisher.publish(batch);
        if (!this.connected) this.log.info({ attempt }, 'kafka bridge connected');
        this.connected = true;
        return true;
      } catch (error) {
        this.connected = false;
        const delay = this.backoff(attempt);
        const first = batch[0];
        this.log.warn(
          { err: error, attempt, retryInMs: delay, events: batch.length, fromPosition: first?.position.toString(), correlationId: first?.metadata.correlationId },
          'kafka unavailable; retrying the batch',
        );
        await this.sleeper.sleep(delay);
      }
    }
    return false;
  }

  private async checkpoint(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (last === undefined) return;
    await this.deps.db.transaction(async (tx) => {
      if (!(await this.lease.renew(tx))) throw new LeaseLostError(KAFKA_BRIDGE_NAME);
      await writeCheckpoint(tx, KAFKA_BRIDGE_NAME, last.position);
    });
    this.position = last.position;
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxBackoffMs, 100 * 2 ** (attempt - 1));
  }
}

/** Starts a bridge; `stop()` on the result ends it. */
export function startKafkaBridge(deps: KafkaBridgeDeps): KafkaBridge {
  const bridge = new KafkaBridge(deps);
  bridge.start();
  return bridge;
}
