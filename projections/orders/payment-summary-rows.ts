import { z } from 'zod';
import { paymentEvents } from '../../domain/payments/events.js';
import { paymentDecider, type ExistingPayment, type PaymentState } from '../../domain/payments/payment.js';
import { MoneySchema } from '../../domain/shared/money.js';
import type { KeyedTable } from '../runner/keyed-rows.js';
import type { DomainRowFold } from '../runner/domain-fold.js';

export const PaymentStatusSchema = z.enum(['initiated', 'authorized', 'declined', 'captured', 'voided', 'refunded']);

const PaymentSummaryRowSchema = z.object({
  order_id: z.uuid(),
  payment_id: z.uuid(),
  customer_id: z.uuid(),
  status: PaymentStatusSchema,
  amount: MoneySchema,
  authorized: MoneySchema,
  captured: MoneySchema,
  refunded: MoneySchema,
  refund_ids: z.array(z.uuid()),
  position: z.string(),
});
export type PaymentSummaryRow = z.infer<typeof PaymentSummaryRowSchema>;

export const paymentSummaryTable: KeyedTable<PaymentSummaryRow> = {
  table: 'order_payments',
  key: 'order_id',
  columns: {
    order_id: 'uuid',
    payment_id: 'uuid',
    customer_id: 'uuid',
    status: 'text',
    amount: 'jsonb',
    authorized: 'jsonb',
    captured: 'jsonb',
    refunded: 'jsonb',
    refund_ids: 'jsonb',
    position: 'bigint',
  },
  row: PaymentSummaryRowSchema,
};

function stateOf(row: PaymentSummaryRow | undefined): PaymentState {
  if (row === undefined) return paymentDecider.initialState;
  const { status, amount, authorized, captured, refunded } = row;
  // Card tokens stay out of read models: evolving a payment carries its token along but never reads it.
  return { status, orderId: row.order_id, customerId: row.customer_id, token: '', amount, authorized, captured, refunded, refundIds: row.refund_ids };
}

function rowOf(paymentId: string, payment: ExistingPayment, position: bigint): PaymentSummaryRow {
  const { status, amount, authorized, captured, refunded } = payment;
  return { order_id: payment.orderId, payment_id: paymentId, customer_id: payment.customerId, status, amount, authorized, captured, refunded, refund_ids: [...payment.refundIds], position: position.toString() };
}

/** The order's payment folded by the payments domain's own `evolve`: its status and the amounts authorized, captured and refunded. */
export const paymentSummaryFold: DomainRowFold<(typeof paymentEvents)[number], PaymentSummaryRow> = {
  // Every payment event names its order.
  keyOf: (event) => event.data.orderId,
  evolve(row, event, recorded) {
    const payment = paymentDecider.evolve(stateOf(row), event);
    return payment.status === 'none' ? undefined : rowOf(event.data.paymentId, payment, recorded.position);
  },
};
