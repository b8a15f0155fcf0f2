import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import { Sleeper } from '../../infra/event-store/sleeper.js';
import { withLogContext } from '../../infra/logging/log-context.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import { recordFailure, SpanAttributes } from '../../infra/tracing/tracer.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { ProjectionLease } from '../../projections/runner/lease.js';
import { PaymentProviderUnavailableError } from '../payment-provider/payment-provider.js';
import { authorizePayment, paymentTimedOut, type JobOutcome } from './payment-jobs.js';
import { reactTo, type SagaDependencies } from './reactions.js';
import { sagaEvents, type SagaEvent } from './saga-events.js';
import { dueJobs, finishJob, retryJobLater, type SagaJob } from './saga-jobs.js';
import { inSagaStepSpan } from './saga-step-span.js';

export interface SagaWorkerOptions {
  readonly pollMs?: number;
  readonly leaseMs?: number;
  /** Jobs fetched at once; one order's jobs run one after another, different orders' side by side. */
  readonly batchSize?: number;
  /** Attempts at a job that keeps failing for another reason than a dependency being down, before it is set aside as failed. */
  readonly maxAttempts?: number;
}

const MAX_RETRY_MS = 30_000;

const isTransient = (error: unknown): boolean => error instanceof EventStoreUnavailableError || isPostgresUnavailable(error) || error instanceof PaymentProviderUnavailableError;

function decodeSagaEvent(payload: Record<string, unknown>): SagaEvent {
  const definition = sagaEvents.find((candidate) => candidate.type === payload.type);
  if (definition === undefined) throw new Error(`the saga has no reaction to ${String(payload.type)}`);
  return { type: definition.type, data: definition.schema.parse(payload.data) } as SagaEvent;
}

/**
 * Runs the order saga's due jobs (one worker across processes, by lease): reactions to events, payment
 * authorizations and payment timeouts. A job that fails because a dependency is down runs again later;
 * one that keeps failing otherwise is set aside as failed, with its error, after `maxAttempts`.
 */
export class OrderSagaWorker {
  private readonly lease: ProjectionLease;
  private readonly sleeper = new Sleeper();
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: SagaDependencies & { readonly db: SqlDatabase },
    logger: Logger,
    options: SagaWorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 50;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.batchSize = options.batchSize ?? 200;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.lease = new ProjectionLease('order-saga-jobs', `${hostname()}/${String(process.pid)}/${randomUUID()}`, this.leaseMs);
    this.log = logger.child({ component: 'order-saga' });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
    await this.lease.release(this.deps.db).catch(() => undefined);
  }

  private async run(): Promise<void> {
    let leaseRenewedAt = 0;
    while (this.running) {
      try {
        if (Date.now() - leaseRenewedAt > this.leaseMs / 3) {
          if (!(await this.lease.acquire(this.deps.db))) {
            await this.sleeper.sleep(this.leaseMs / 3);
            continue;
          }
          leaseRenewedAt = Date.now();
        }
        const jobs = await dueJobs(this.deps.db, this.batchSize);
        if (jobs.length === 0) {
          await this.sleeper.sleep(this.pollMs);
          continue;
        }
        const byOrder = new Map<string, SagaJob[]>();
        for (const job of jobs) byOrder.set(job.orderId, [...(byOrder.get(job.orderId) ?? []), job]);
        await Promise.all([...byOrder.values()].map((orderJobs) => this.runInOrder(orderJobs)));
      } catch (error) {
        this.log.warn({ err: error }, 'order saga waiting for a dependency');
        await this.sleeper.sleep(1_000);
      }
    }
  }

  private async runInOrder(jobs: readonly SagaJob[]): Promise<void> {
    for (const job of jobs) {
      // A job that must wait stops its order's later jobs for this round: they keep their order.
      if (!(await this.runJob(job))) return;
    }
  }

  /**
   * Whether the job is over (done or set aside). Everything the step logs, down to the commands it
   * sends, carries the order's correlation id and the causing event's id (the log context), and the
   * commands' spans are children of the step's (see `saga-step-span.ts`).
   */
  private runJob(job: SagaJob): Promise<boolean> {
    return inSagaStepSpan(job, (span) =>
      withLogContext({ correlationId: job.correlationId, causationId: job.causationId, orderId: job.orderId, job: job.kind }, async () => {
        let outcome: JobOutcome;
        try {
          outcome = await this.perform(job);
        } catch (error) {
          recordFailure(span, error);
          const message = error instanceof Error ? error.message : String(error);
          if (!isTransient(error) && job.attempts + 1 >= this.maxAttempts) {
            span.setAttribute(SpanAttributes.sagaOutcome, 'failed');
            this.log.error({ err: error, attempts: job.attempts + 1 }, 'saga job failed: set aside');
            await finishJob(this.deps.db, job.id, 'failed', message);
            return true;
          }
          this.log.warn({ err: error, attempt: job.attempts + 1 }, 'saga job failed: will retry');
          outcome = { kind: 'retry', inMs: Math.min(MAX_RETRY_MS, 100 * 2 ** job.attempts), error: message };
        }
        span.setAttribute(SpanAttributes.sagaOutcome, outcome.kind);
        if (outcome.kind === 'retry') {
          await retryJobLater(this.deps.db, job.id, outcome.inMs, outcome.error);
          return false;
        }
        await finishJob(this.deps.db, job.id, 'done');
        this.log.debug('saga step done');
        return true;
      }),
    );
  }

  private async perform(job: SagaJob): Promise<JobOutcome> {
    switch (job.kind) {
      case 'react':
        await reactTo(this.deps, job, decodeSagaEvent(job.payload));
        return { kind: 'done' };
      case 'authorize_payment':
        return authorizePayment(this.deps, job);
      case 'payment_timeout':
        return paymentTimedOut(this.deps, job);
    }
  }
}
