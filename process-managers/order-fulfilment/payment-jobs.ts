import { handleCommand, loadAggregate } from '../../command-handlers/handle-command.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import type { DeclineReason } from '../../domain/payments/events.js';
import { paymentIdFor, paymentStream } from '../../domain/payments/payment.js';
import { PaymentProviderUnavailableError, type AuthorizationAnswer } from '../payment-provider/payment-provider.js';
import { settle, type SagaDependencies } from './reactions.js';
import { sagaContext } from './saga-context.js';
import type { SagaJob } from './saga-jobs.js';

/** Calls to the provider before the payment counts as failed; each may take its share of the payment timeout. */
export const AUTHORIZE_ATTEMPTS = 4;
const FIRST_RETRY_MS = 100;

export type JobOutcome = { readonly kind: 'done' } | { readonly kind: 'retry'; readonly inMs: number; readonly error: string };

const DONE: JobOutcome = { kind: 'done' };

class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
}

function withinTime<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([call, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new NoAnswerError(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Whether the payment stands declined (false: it was authorized meanwhile). */
function recordDecline(deps: SagaDependencies, job: SagaJob, reason: DeclineReason): Promise<boolean> {
  const paymentId = paymentIdFor(job.orderId);
  // Refused when the payment was authorized meanwhile: then there is nothing to decline.
  return settle(() => handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'RecordDecline', paymentId, reason, at: new Date().toISOString() }, sagaContext(deps, job, `decline/${reason}`)));
}

/** Asks the provider to authorize the order's payment (the same idempotency key on every attempt). */
export async function authorizePayment(deps: SagaDependencies, job: SagaJob): Promise<JobOutcome> {
  const paymentId = paymentIdFor(job.orderId);
  const { state } = await loadAggregate(deps.store, paymentAggregate, paymentStream(paymentId));
  // Answered already (or timed out by the timeout job): nothing to ask.
  if (state.status !== 'initiated') return DONE;
  let answer: AuthorizationAnswer;
  try {
    answer = await withinTime(deps.provider.authorize({ idempotencyKey: `${paymentId}/authorize`, paymentId, amount: state.amount, token: state.token }), Math.max(50, Math.floor(deps.paymentTimeoutMs / AUTHORIZE_ATTEMPTS)));
  } catch (error) {
    if (!(error instanceof NoAnswerError) && !(error instanceof PaymentProviderUnavailableError)) throw error;
    if (job.attempts + 1 >= AUTHORIZE_ATTEMPTS) {
      await recordDecline(deps, job, error instanceof NoAnswerError ? 'timeout' : 'error');
      return DONE;
    }
    return { kind: 'retry', inMs: FIRST_RETRY_MS * 2 ** job.attempts, error: error.message };
  }
  if (answer.outcome === 'declined') {
    await recordDecline(deps, job, 'declined');
    return DONE;
  }
  await handleCommand(
    deps.store,
    paymentAggregate,
    paymentStream(paymentId),
    { type: 'RecordAuthorization', paymentId, providerReference: answer.reference, amount: state.amount, at: new Date().toISOString() },
    sagaContext(deps, job, 'authorized'),
  );
  return DONE;
}

/** The payment's time is up: if it is still unanswered, it counts as declined (the durable backstop to the calls' own timeouts). */
export async function paymentTimedOut(deps: SagaDependencies, job: SagaJob): Promise<JobOutcome> {
  const { state } = await loadAggregate(deps.store, paymentAggregate, paymentStream(paymentIdFor(job.orderId)));
  if (state.status === 'initiated' && (await recordDecline(deps, job, 'timeout'))) deps.paymentTimeoutFired();
  return DONE;
}
