import { v5 as uuidv5 } from 'uuid';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import { paymentIdFor, paymentStream, type PaymentState } from '../../domain/payments/payment.js';
import type { Money } from '../../domain/shared/money.js';
import { reject } from '../../domain/shared/rejection.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';

// Fixed namespace: the refund id derives from the command id, so a refund repeated after a failure
// (same Idempotency-Key) is recognised by the payment and never paid out twice.
const REFUND_ID_NAMESPACE = '2c8f6e14-9a3d-4b57-b1e0-7d4a6c2f9e83';

export interface RefundRequest {
  readonly amount: Money;
  readonly reason: string;
}

/** Refunds part or all of what was captured for the order's one payment. */
export async function refundOrder(
  store: EventStore,
  orderId: string,
  request: RefundRequest,
  context: CommandContext,
): Promise<{ refundId: string; outcome: CommandOutcome<PaymentState> }> {
  const order = await loadAggregate(store, orderAggregate, orderStream(orderId));
  if (order.state.status === 'none') throw new CommandRejectedError(reject('not_found', 'no such order'));
  const paymentId = paymentIdFor(orderId);
  const stream = paymentStream(paymentId);
  // An order whose payment has not started has nothing captured: refunding any amount would refund more.
  const payment = await loadAggregate(store, paymentAggregate, stream);
  if (payment.state.status === 'none') throw new CommandRejectedError(reject('conflict', 'would refund more than was captured: the order has no payment yet'));
  const refundId = uuidv5(context.commandId, REFUND_ID_NAMESPACE);
  const outcome = await handleCommand(
    store,
    paymentAggregate,
    stream,
    { type: 'RefundPayment', paymentId, refundId, amount: request.amount, reason: request.reason, at: context.occurredAt },
    context,
  );
  return { refundId, outcome };
}
