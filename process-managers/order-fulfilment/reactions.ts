import { v5 as uuidv5 } from 'uuid';
import type { CommandObserver } from '../../command-handlers/command-observer.js';
import { CommandRejectedError } from '../../command-handlers/errors.js';
import { handleCommand, loadAggregate, type CommandContext } from '../../command-handlers/handle-command.js';
import { inventoryAggregate } from '../../domain/inventory/aggregates.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import type { CancellationReason, OrderLine } from '../../domain/ordering/events.js';
import { orderStream, type PlacedOrder } from '../../domain/ordering/order.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import type { DeclineReason } from '../../domain/payments/events.js';
import { paymentIdFor, paymentStream, type ExistingPayment } from '../../domain/payments/payment.js';
import { money } from '../../domain/shared/money.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { currentTraceparent } from '../../infra/tracing/traceparent.js';
import type { PaymentProvider } from '../payment-provider/payment-provider.js';
import { sagaContext, scheduledJobId } from './saga-context.js';
import type { SagaEvent } from './saga-events.js';
import { cancelJob, enqueueJobs, type SagaJob } from './saga-jobs.js';

export interface SagaDependencies {
  readonly store: EventStore;
  readonly db: SqlExecutor;
  readonly provider: PaymentProvider;
  /** How long the payment may take in all before it counts as declined (PAYMENT_TIMEOUT_MS). */
  readonly paymentTimeoutMs: number;
  /** Told of every command the saga sends (metrics). */
  readonly commands: CommandObserver;
  /** Told of each payment timeout that fired: the payment was still unanswered and is declined by it. */
  readonly paymentTimeoutFired: () => void;
}

// Fixed namespace: refunds the saga makes derive their ids from the cancellation that caused them.
const SAGA_REFUND_NAMESPACE = 'a3d5e7f9-2b4c-4d6e-8f0a-1c3e5a7b9d2f';

/** Runs a command; a refusal means the step was already taken or no longer applies (a retry, a race lost to the customer). */
export async function settle(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof CommandRejectedError) return false;
    throw error;
  }
}

async function releaseLines(deps: SagaDependencies, lines: readonly OrderLine[], orderId: string, context: (step: string) => CommandContext): Promise<void> {
  for (const line of lines) {
    await settle(() => handleCommand(deps.store, inventoryAggregate, inventoryStream(line.productId), { type: 'ReleaseReservation', productId: line.productId, orderId, at: new Date().toISOString() }, context(`release/${line.productId}`)));
  }
}

async function placedOrder(deps: SagaDependencies, orderId: string): Promise<PlacedOrder | undefined> {
  const { state } = await loadAggregate(deps.store, orderAggregate, orderStream(orderId));
  return state.status === 'none' ? undefined : state;
}

async function existingPayment(deps: SagaDependencies, orderId: string): Promise<ExistingPayment | undefined> {
  const { state } = await loadAggregate(deps.store, paymentAggregate, paymentStream(paymentIdFor(orderId)));
  return state.status === 'none' ? undefined : state;
}

/** Reserve every line (all or nothing), then start the payment: its authorization now, its timeout later. */
async function onOrderPlaced(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'OrderPlaced' }>): Promise<void> {
  const { orderId, lines, customerId, total, paymentMethod } = event.data;
  const order = await placedOrder(deps, orderId);
  // Rejected or cancelled meanwhile (or replayed long after): nothing left to do.
  if (order?.status !== 'pending') return;
  const context = (step: string) => sagaContext(deps, job, step);
  for (const line of lines) {
    const reserved = await settle(() =>
      handleCommand(deps.store, inventoryAggregate, inventoryStream(line.productId), { type: 'ReserveStock', productId: line.productId, orderId, quantity: line.quantity, at: new Date().toISOString() }, context(`reserve/${line.productId}`)),
    );
    if (!reserved) {
      await releaseLines(deps, lines, orderId, context);
      await settle(() => handleCommand(deps.store, orderAggregate, orderStream(orderId), { type: 'RejectOrder', orderId, reason: 'insufficient_stock', at: new Date().toISOString() }, context('reject')));
      return;
    }
  }
  const paymentId = paymentIdFor(orderId);
  await handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'InitiatePayment', paymentId, orderId, customerId, amount: total, token: paymentMethod.token, at: new Date().toISOString() }, context('initiate-payment'));
  // Scheduled from this step: their spans are children of its span.
  const scheduled = { orderId, position: job.position, correlationId: job.correlationId, causationId: job.causationId, traceparent: currentTraceparent() };
  await enqueueJobs(deps.db, [
    { ...scheduled, id: scheduledJobId(orderId, 'authorize-payment'), kind: 'authorize_payment', dueInMs: 0, payload: {} },
    { ...scheduled, id: scheduledJobId(orderId, 'payment-timeout'), kind: 'payment_timeout', dueInMs: deps.paymentTimeoutMs, payload: {} },
  ]);
}

/** Authorized: the timeout is moot; confirm the order and capture the money. */
async function onPaymentAuthorized(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'PaymentAuthorized' }>): Promise<void> {
  const { orderId, paymentId, amount } = event.data;
  await cancelJob(deps.db, scheduledJobId(orderId, 'payment-timeout'));
  const confirmed = await settle(() => handleCommand(deps.store, orderAggregate, orderStream(orderId), { type: 'ConfirmOrder', orderId, paymentId, at: new Date().toISOString() }, sagaContext(deps, job, 'confirm')));
  if (!confirmed) {
    // The order was cancelled before the authorization came: give the money back, not take it.
    await deps.provider.void({ idempotencyKey: `${paymentId}/void`, paymentId, amount });
    await settle(() => handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'VoidPayment', paymentId, at: new Date().toISOString() }, sagaContext(deps, job, 'void')));
    return;
  }
  await deps.provider.capture({ idempotencyKey: `${paymentId}/capture`, paymentId, amount });
  await settle(() => handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'CapturePayment', paymentId, at: new Date().toISOString() }, sagaContext(deps, job, 'capture')));
}

const cancellationFor = (reason: DeclineReason): CancellationReason => (reason === 'timeout' ? 'payment_timeout' : 'payment_declined');

/** Declined (or timed out): release the stock and cancel the order. */
async function onPaymentDeclined(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'PaymentDeclined' }>): Promise<void> {
  const { orderId, reason } = event.data;
  await cancelJob(deps.db, scheduledJobId(orderId, 'payment-timeout'));
  const order = await placedOrder(deps, orderId);
  if (order === undefined) return;
  const context = (step: string) => sagaContext(deps, job, step);
  await releaseLines(deps, order.lines, orderId, context);
  await settle(() => handleCommand(deps.store, orderAggregate, orderStream(orderId), { type: 'CancelOrder', orderId, reason: cancellationFor(reason), at: new Date().toISOString() }, context('cancel')));
}

/** Cancelled after confirmation (by the customer or an admin): stock back, payment voided or refunded. */
async function onOrderCancelled(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'OrderCancelled' }>): Promise<void> {
  const { orderId, previousStatus } = event.data;
  const order = await placedOrder(deps, orderId);
  if (order === undefined) return;
  const context = (step: string) => sagaContext(deps, job, step);
  await releaseLines(deps, order.lines, orderId, context);
  if (previousStatus !== 'confirmed') return;
  const payment = await existingPayment(deps, orderId);
  if (payment === undefined) return;
  const paymentId = paymentIdFor(orderId);
  if (payment.status === 'authorized') {
    await deps.provider.void({ idempotencyKey: `${paymentId}/void`, paymentId, amount: payment.authorized });
    await settle(() => handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'VoidPayment', paymentId, at: new Date().toISOString() }, context('void')));
    return;
  }
  const outstanding = payment.captured.amount - payment.refunded.amount;
  if (payment.status !== 'captured' || outstanding <= 0) return;
  const refundId = uuidv5(`${job.id}/refund`, SAGA_REFUND_NAMESPACE);
  const amount = money(outstanding, payment.captured.currency);
  await settle(() => handleCommand(deps.store, paymentAggregate, paymentStream(paymentId), { type: 'RefundPayment', paymentId, refundId, amount, reason: `order cancelled (${event.data.reason})`, at: new Date().toISOString() }, context('refund')));
}

/** Shipped: the reserved units leave the warehouse. */
async function onOrderShipped(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'OrderShipped' }>): Promise<void> {
  const order = await placedOrder(deps, event.data.orderId);
  if (order === undefined) return;
  for (const line of order.lines) {
    await settle(() =>
      handleCommand(deps.store, inventoryAggregate, inventoryStream(line.productId), { type: 'CommitReservation', productId: line.productId, orderId: order.orderId, at: new Date().toISOString() }, sagaContext(deps, job, `commit/${line.productId}`)),
    );
  }
}

/** A refund recorded: pay it out through the provider; once the payment is refunded in full, so is a delivered or shipped order. */
async function onPaymentRefunded(deps: SagaDependencies, job: SagaJob, event: Extract<SagaEvent, { type: 'PaymentRefunded' }>): Promise<void> {
  const { paymentId, orderId, refundId, amount, fullyRefunded } = event.data;
  await deps.provider.refund({ idempotencyKey: `${paymentId}/refund/${refundId}`, paymentId, amount });
  if (!fullyRefunded) return;
  const order = await placedOrder(deps, orderId);
  if (order === undefined || order.status === 'cancelled') return;
  await settle(() => handleCommand(deps.store, orderAggregate, orderStream(orderId), { type: 'MarkOrderRefunded', orderId, at: new Date().toISOString() }, sagaContext(deps, job, 'mark-refunded')));
}

/** The saga's reaction to one event it was handed. */
export async function reactTo(deps: SagaDependencies, job: SagaJob, event: SagaEvent): Promise<void> {
  switch (event.type) {
    case 'OrderPlaced':
      return onOrderPlaced(deps, job, event);
    case 'PaymentAuthorized':
      return onPaymentAuthorized(deps, job, event);
    case 'PaymentDeclined':
      return onPaymentDeclined(deps, job, event);
    case 'OrderCancelled':
      return onOrderCancelled(deps, job, event);
    case 'OrderShipped':
      return onOrderShipped(deps, job, event);
    case 'PaymentRefunded':
      return onPaymentRefunded(deps, job, event);
  }
}
