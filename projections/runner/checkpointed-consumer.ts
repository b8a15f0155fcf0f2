import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EventStore, EventSubscription, RecordedEvent } from '../../infra/event-store/port.js';
import { Sleeper } from '../../infra/event-store/sleeper.js';
import { withLogContext } from '../../infra/logging/log-context.js';
import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import { inBatches } from './batches.js';
import { NOTHING_PROCESSED, readCheckpoint, writeCheckpoint } from './checkpoints.js';
import { LeaseLostError, ProjectionLease } from './lease.js';

export interface CheckpointedConsumerOptions {
  readonly batchSize?: number;
  /** After a batch's first event, how long to wait for more (up to `batchSize`); 0, the default: take what is at hand. */
  readonly lingerMs?: number;
  readonly leaseMs?: number;
  /** The first pause after a failure; it doubles with each attempt (capped at `maxBackoffMs`). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Attempts at a failing batch, then at each of its events alone, before an event is parked (`applyOrPark`). */
  readonly attempts?: number;
}

export interface ConsumerStatus {
  readonly name: string;
  readonly running: boolean;
  /** Whether this process holds the lease (another process consumes otherwise). */
  readonly leader: boolean;
  /** The position of the last event handled (-1 before the first). */
  readonly position: bigint;
  /** How long the oldest event received but not yet handled has waited since it was recorded (0 when none waits). */
  readonly lagMs: number;
}

/**
 * What every consumer of `$all` with a checkpoint shares (the read-model projections, the saga's intake,
 * the Kafka bridge): one process at a time holds its lease; it subscribes after its checkpoint, hands
 * whatever has arrived to `handle` in batches, and a failure restarts it from the checkpoint after a
 * pause. What a batch means and when the checkpoint moves (`commit`) is the subclass's.
 */
export abstract class CheckpointedConsumer {
  protected readonly sleeper = new Sleeper();
  protected readonly log: Logger;
  protected readonly options: Required<CheckpointedConsumerOptions>;
  private readonly lease: ProjectionLease;
  private isRunning = false;
  private leader = false;
  private position = NOTHING_PROCESSED;
  private oldestWaiting: Date | undefined;
  private subscription: EventSubscription | undefined;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  protected constructor(
    readonly name: string,
    protected readonly store: EventStore,
    protected readonly db: SqlDatabase,
    logger: Logger,
    options: CheckpointedConsumerOptions,
  ) {
    this.options = { batchSize: 1_000, lingerMs: 0, leaseMs: 10_000, backoffMs: 100, maxBackoffMs: 5_000, attempts: 4, ...options };
    this.lease = new ProjectionLease(name, `${hostname()}/${String(process.pid)}/${randomUUID()}`, this.options.leaseMs);
    this.log = logger.child({ projection: name });
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.sleeper.wake();
    await this.subscription?.close();
    await this.loop;
    clearInterval(this.heartbeat);
    if (this.leader) await this.lease.release(this.db).catch(() => undefined);
    this.leader = false;
  }

  status(): ConsumerStatus {
    return {
      name: this.name,
      running: this.isRunning,
      leader: this.leader,
      position: this.position,
      lagMs: this.oldestWaiting === undefined ? 0 : Math.max(0, Date.now() - this.oldestWaiting.getTime()),
    };
  }

  protected get running(): boolean {
    return this.isRunning;
  }

  /** Handles one batch; it is handled again (from the checkpoint) when this throws. */
  protected abstract handle(batch: readonly RecordedEvent[]): Promise<void>;

  /**
   * Waits for what `handle` left running when it returned (the Kafka bridge sends one batch while it
   * reads the next); a failure there restarts the consumer from its checkpoint. Nothing by default.
   */
  protected async settle(): Promise<void> {
    // Every other consumer has finished a batch when `handle` returns.
  }

  /** Whether a failure is a dependency being down (waited out) rather than a fault (for the log line). */
  protected abstract isTransient(error: unknown): boolean;

  /**
   * Where to resume: the position of the last event handled. Postgres (`projection_checkpoints`) here;
   * a consumer whose writes go elsewhere keeps its checkpoint with them.
   */
  protected loadCheckpoint(): Promise<bigint> {
    return readCheckpoint(this.db, this.name);
  }

  /** Whether this process still holds the lease (renewing it), for writes made outside `commit`. */
  protected holdsLease(): Promise<boolean> {
    return this.lease.renew(this.db);
  }

  /** Called with each position reached: the checkpoint read on (re)start and every commit. */
  protected reached(position: bigint): void {
    this.position = position;
  }

  /**
   * One transaction: the lease is still ours, the checkpoint (locked) does not cover `last` yet, `work`
   * sees what it does not cover, and the checkpoint moves to `last`.
   */
  protected async commit(last: RecordedEvent, work?: (tx: SqlExecutor, checkpoint: bigint) => Promise<void>): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.lease.renew(tx))) throw new LeaseLostError(this.name);
      const checkpoint = await readCheckpoint(tx, this.name, { forUpdate: true });
      if (last.position <= checkpoint) return;
      await work?.(tx, checkpoint);
      await writeCheckpoint(tx, this.name, last.position);
    });
    this.reached(last.position);
  }

  /**
   * Applies a batch; a fault (not a dependency down, not a lost lease: those go up to be waited out) is
   * retried, then the batch is applied event by event, and an event that still fails is handed to `park`
   * with its error (never dropped) so that the rest goes on.
   */
  protected async applyOrPark(
    batch: readonly RecordedEvent[],
    apply: (events: readonly RecordedEvent[]) => Promise<void>,
    park: (event: RecordedEvent, error: unknown) => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await apply(batch);
        return;
      } catch (error) {
        if (this.isTransient(error) || error instanceof LeaseLostError) throw error;
        if (attempt < this.options.attempts) {
          this.log.warn({ err: error, attempt, events: batch.length }, 'batch failed; retrying');
          await this.sleeper.sleep(this.backoff(attempt));
          continue;
        }
        if (batch.length > 1) {
          // Find the event at fault: each alone, so that the others still get applied.
          for (const event of batch) await this.applyOrPark([event], apply, park);
          return;
        }
        const [event] = batch;
        if (event === undefined) return;
        this.log.error({ err: error, position: event.position.toString(), eventId: event.eventId, type: event.type, correlationId: event.metadata.correlationId }, 'event parked');
        await park(event, error);
        return;
      }
    }
  }

  protected backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (attempt - 1));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.isRunning) {
      try {
        if (await this.lease.acquire(this.db)) {
          this.becomeLeader();
          await this.follow();
          failures = 0;
        } else {
          this.leader = false;
          await this.sleeper.sleep(this.options.leaseMs / 3);
        }
      } catch (error) {
        this.oldestWaiting = undefined;
        if (error instanceof LeaseLostError) {
          this.log.warn('lease lost to another process: standing by');
          this.leader = false;
          continue;
        }
        failures++;
        const delay = this.backoff(failures);
        this.log.warn({ err: error, retryInMs: delay }, this.isTransient(error) ? `${this.name} waiting for a dependency` : `${this.name} failed; restarting from its checkpoint`);
        await this.sleeper.sleep(delay);
      }
    }
  }

  private becomeLeader(): void {
    if (!this.leader) this.log.info(`${this.name} lease taken: running`);
    this.leader = true;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      this.lease.renew(this.db).then(
        (held) => {
          if (!held) void this.subscription?.close();
        },
        () => undefined,
      );
    }, this.options.leaseMs / 3);
    this.heartbeat.unref();
  }

  /** Catch up from the checkpoint, then follow live, until stopped or a failure. */
  private async follow(): Promise<void> {
    const checkpoint = await this.loadCheckpoint();
    this.reached(checkpoint);
    const subscription = this.store.subscribeToAll({ fromPosition: checkpoint === NOTHING_PROCESSED ? 'start' : checkpoint, readAhead: this.options.batchSize });
    this.subscription = subscription;
    try {
      for await (const batch of inBatches(subscription, this.options.batchSize, this.options.lingerMs)) {
        const [first, last] = [batch[0], batch.at(-1)];
        if (first === undefined || last === undefined) continue;
        this.oldestWaiting = first.recordedAt;
        // What the batch logs says which events it holds: it has no single correlation id.
        await withLogContext({ batch: { first: first.position.toString(), last: last.position.toString(), events: batch.length } }, async () => {
          await this.handle(batch);
          this.log.debug('batch handled');
        });
        this.oldestWaiting = undefined;
        if (!this.isRunning) break;
      }
    } finally {
      await subscription.close();
      await this.settle();
    }
    if (this.isRunning && !(await this.lease.renew(this.db))) throw new LeaseLostError(this.name);
  }
}
