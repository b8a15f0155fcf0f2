import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore, EventSubscription, RecordedEvent } from '../../infra/event-store/port.js';
import { Sleeper } from '../../infra/event-store/sleeper.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import type { Projection } from '../projection.js';
import { inBatches } from './batches.js';
import { NOTHING_PROCESSED, readCheckpoint, writeCheckpoint } from './checkpoints.js';
import { LeaseLostError, ProjectionLease } from './lease.js';
import { parkEvent } from './parked-events.js';

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly leaseMs?: number;
  /** Attempts at a failing batch, then at each of its events alone, before an event is parked. */
  readonly attempts?: number;
  /** The first pause after a failure; it doubles with each attempt (capped at `maxBackoffMs`). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly running: boolean;
  /** Whether this process holds the lease (another process runs the projection otherwise). */
  readonly leader: boolean;
  readonly position: bigint;
  /** How long the oldest event received but not yet applied has waited since it was recorded (0 when none waits). */
  readonly lagMs: number;
}

const isTransient = (error: unknown): boolean => error instanceof EventStoreUnavailableError || isPostgresUnavailable(error);

/**
 * Runs one projection: takes its lease, subscribes to `$all` after its checkpoint and applies the
 * events in batches, each batch and its checkpoint in one transaction. A dependency that is down is
 * waited out; a batch that keeps failing is retried event by event, and an event that still fails is
 * parked with its error (never dropped) so that the rest goes on.
 */
export class ProjectionRunner {
  private readonly lease: ProjectionLease;
  private readonly sleeper = new Sleeper();
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private leader = false;
  private position = NOTHING_PROCESSED;
  private oldestWaiting: Date | undefined;
  private subscription: EventSubscription | undefined;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly positions: ReadModelPositions | undefined,
    logger: Logger,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1_000;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.lease = new ProjectionLease(projection.name, `${hostname()}/${String(process.pid)}/${randomUUID()}`, this.leaseMs);
    this.log = logger.child({ projection: projection.name });
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
    if (this.leader) await this.lease.release(this.db).catch(() => undefined);
    this.leader = false;
  }

  status(): ProjectionStatus {
    return {
      projection: this.projection.name,
      running: this.running,
      leader: this.leader,
      position: this.position,
      lagMs: this.oldestWaiting === undefined ? 0 : Math.max(0, Date.now() - this.oldestWaiting.getTime()),
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (await this.lease.acquire(this.db)) {
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
          this.log.warn('lease lost to another runner: standing by');
          this.leader = false;
          continue;
        }
        failures++;
        const delay = this.backoff(failures);
        this.log.warn({ err: error, retryInMs: delay }, isTransient(error) ? 'projection waiting for a dependency' : 'projection failed; restarting from its checkpoint');
        await this.sleeper.sleep(delay);
      }
    }
  }

  private becomeLeader(): void {
    if (!this.leader) this.log.info('projection lease taken: running');
    this.leader = true;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      this.lease.renew(this.db).then(
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
    this.position = await readCheckpoint(this.db, this.projection.name);
    this.positions?.announce(this.projection.name, this.position);
    const subscription = this.store.subscribeToAll({ fromPosition: this.position === NOTHING_PROCESSED ? 'start' : this.position });
    this.subscription = subscription;
    try {
      for await (const batch of inBatches(subscription, this.batchSize)) {
        this.oldestWaiting = batch[0]?.recordedAt;
        await this.applyWithRetries(batch);
        this.oldestWaiting = undefined;
        if (!this.running) break;
      }
    } finally {
      await subscription.close();
    }
    if (this.running && !(await this.lease.renew(this.db))) throw new LeaseLostError(this.projection.name);
  }

  private async applyWithRetries(batch: readonly RecordedEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.commit(batch);
        return;
      } catch (error) {
        if (isTransient(error) || error instanceof LeaseLostError) throw error;
        if (attempt < this.attempts) {
          this.log.warn({ err: error, attempt, events: batch.length }, 'batch failed; retrying');
          await this.sleeper.sleep(this.backoff(attempt));
          continue;
        }
        if (batch.length > 1) {
          // Find the event at fault: each alone, so that the others still get applied.
          for (const event of batch) await this.applyWithRetries([event]);
          return;
        }
        const [event] = batch;
        if (event === undefined) return;
        this.log.error({ err: error, position: event.position.toString(), eventId: event.eventId, type: event.type, correlationId: event.metadata.correlationId }, 'event parked');
        await this.commit([], { park: event, error });
        return;
      }
    }
  }

  /** One transaction: still ours? skip what the checkpoint already covers, apply (or park), move the checkpoint. */
  private async commit(batch: readonly RecordedEvent[], parking?: { park: RecordedEvent; error: unknown }): Promise<void> {
    const last = parking?.park ?? batch.at(-1);
    if (last === undefined) return;
    await this.db.transaction(async (tx: SqlExecutor) => {
      if (!(await this.lease.renew(tx))) throw new LeaseLostError(this.projection.name);
      const checkpoint = await readCheckpoint(tx, this.projection.name, { forUpdate: true });
      if (last.position <= checkpoint) return;
      if (parking === undefined) await this.projection.apply(tx, batch.filter((event) => event.position > checkpoint));
      else await parkEvent(tx, this.projection.name, parking.park, parking.error, this.attempts);
      await writeCheckpoint(tx, this.projection.name, last.position);
    });
    this.position = last.position;
    this.positions?.announce(this.projection.name, last.position);
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
  }
}
