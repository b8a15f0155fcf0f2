import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/**
 * The order saga's durable work: one job per event it reacts to (keyed by the event's id: its inbox,
 * so a redelivered or replayed event adds nothing, and done jobs are kept for that reason) and the
 * jobs it schedules itself (a payment authorization, the payment's timeout), each with the time it
 * falls due. Jobs survive restarts; a due job runs after a restart even if it fell due meanwhile.
 */
export const sagaJobsSchema = /* sql */ `
CREATE TABLE IF NOT EXISTS saga_jobs (
  id             uuid PRIMARY KEY,
  order_id       uuid NOT NULL,
  kind           text NOT NULL,
  -- The position of the event that caused the job: one order's jobs run in this order.
  position       bigint NOT NULL,
  due_at         timestamptz NOT NULL,
  payload        jsonb NOT NULL,
  correlation_id text NOT NULL,
  causation_id   uuid NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS saga_jobs_due ON saga_jobs (due_at, position) WHERE status = 'pending';
-- The W3C traceparent of the span that caused the job (tracing on): the job's span continues its trace.
ALTER TABLE saga_jobs ADD COLUMN IF NOT EXISTS traceparent text;
`;

export const JobKindSchema = z.enum(['react', 'authorize_payment', 'payment_timeout']);
export type JobKind = z.infer<typeof JobKindSchema>;

export interface NewJob {
  readonly id: string;
  readonly orderId: string;
  readonly kind: JobKind;
  readonly position: bigint;
  /** Milliseconds from now. */
  readonly dueInMs: number;
  readonly payload: Record<string, unknown>;
  readonly correlationId: string;
  readonly causationId: string;
  /** Of the causing event's command, or of the saga step that scheduled the job; none with tracing off. */
  readonly traceparent?: string | undefined;
}

const JobRowSchema = z.object({
  id: z.uuid(),
  order_id: z.uuid(),
  kind: JobKindSchema,
  position: z.string(),
  payload: z.record(z.string(), z.unknown()),
  correlation_id: z.string(),
  causation_id: z.uuid(),
  // Not checked further: a malformed one only starts a new trace (see `contextOf`), it must not stop the saga.
  traceparent: z.string().nullable(),
  attempts: z.number().int(),
});

export interface SagaJob {
  readonly id: string;
  readonly orderId: string;
  readonly kind: JobKind;
  readonly position: bigint;
  readonly payload: Record<string, unknown>;
  readonly correlationId: string;
  readonly causationId: string;
  readonly traceparent: string | undefined;
  readonly attempts: number;
}

/** Adds jobs; one that exists already (the same event again, the same schedule again) is left as it is. */
export async function enqueueJobs(db: SqlExecutor, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.query(
    `INSERT INTO saga_jobs (id, order_id, kind, position, due_at, payload, correlation_id, causation_id, traceparent)
     SELECT id, order_id, kind, position, now() + due_in_ms * interval '1 millisecond', payload, correlation_id, causation_id, traceparent
       FROM jsonb_to_recordset($1::jsonb) AS j(id uuid, order_id uuid, kind text, position bigint, due_in_ms bigint, payload jsonb, correlation_id text, causation_id uuid, traceparent text)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify(
        jobs.map((job) => ({
          id: job.id,
          order_id: job.orderId,
          kind: job.kind,
          position: job.position.toString(),
          due_in_ms: job.dueInMs,
          payload: job.payload,
          correlation_id: job.correlationId,
          causation_id: job.causationId,
          traceparent: job.traceparent ?? null,
        })),
      ),
    ],
  );
}

/** Due pending jobs, oldest cause first. */
export async function dueJobs(db: SqlExecutor, limit: number): Promise<SagaJob[]> {
  const { rows } = await db.query(
    `SELECT id::text AS id, order_id::text AS order_id, kind, position::text AS position, payload, correlation_id, causation_id::text AS causation_id, traceparent, attempts
       FROM saga_jobs WHERE status = 'pending' AND due_at <= now() ORDER BY position, due_at, id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => {
    const parsed = JobRowSchema.parse(row);
    return {
      id: parsed.id,
      orderId: parsed.order_id,
      kind: parsed.kind,
      position: BigInt(parsed.position),
      payload: parsed.payload,
      correlationId: parsed.correlation_id,
      causationId: parsed.causation_id,
      traceparent: parsed.traceparent ?? undefined,
      attempts: parsed.attempts,
    };
  });
}

export async function finishJob(db: SqlExecutor, id: string, status: 'done' | 'failed', error?: string): Promise<void> {
  await db.query(`UPDATE saga_jobs SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [id, status, error ?? null]);
}

/** Runs the job again later (a provider that did not answer, a store that was down). */
export async function retryJobLater(db: SqlExecutor, id: string, inMs: number, error: string): Promise<void> {
  await db.query(`UPDATE saga_jobs SET attempts = attempts + 1, due_at = now() + $2 * interval '1 millisecond', last_error = $3, updated_at = now() WHERE id = $1`, [id, inMs, error]);
}

/** A scheduled job that is no longer wanted (the timeout of a payment that has been answered). */
export async function cancelJob(db: SqlExecutor, id: string): Promise<void> {
  await db.query(`UPDATE saga_jobs SET status = 'cancelled', updated_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
}
