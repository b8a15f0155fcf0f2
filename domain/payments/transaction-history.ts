import type { Money } from '../shared/money.js';
import type { PaymentEvent } from './events.js';

export type TransactionType = 'authorization' | 'capture' | 'refund' | 'void' | 'decline';

/** One entry of a payment's transaction history (API.md, GET /payments). */
export interface PaymentTransaction {
  readonly paymentId: string;
  readonly type: TransactionType;
  readonly amount: Money;
  readonly at: string;
}

function transactionOf(event: PaymentEvent): PaymentTransaction[] {
  switch (event.type) {
    case 'PaymentInitiated':
      // Initiating a payment only records the intent; nothing has happened at the provider yet.
      return [];
    case 'PaymentAuthorized':
      return [{ paymentId: event.data.paymentId, type: 'authorization', amount: event.data.amount, at: event.data.authorizedAt }];
    case 'PaymentDeclined':
      return [{ paymentId: event.data.paymentId, type: 'decline', amount: event.data.amount, at: event.data.declinedAt }];
    case 'PaymentCaptured':
      return [{ paymentId: event.data.paymentId, type: 'capture', amount: event.data.amount, at: event.data.capturedAt }];
    case 'PaymentVoided':
      return [{ paymentId: event.data.paymentId, type: 'void', amount: event.data.amount, at: event.data.voidedAt }];
    case 'PaymentRefunded':
      return [{ paymentId: event.data.paymentId, type: 'refund', amount: event.data.amount, at: event.data.refundedAt }];
  }
}

/** A payment's transactions in the order they happened. */
export function transactionHistory(events: readonly PaymentEvent[]): PaymentTransaction[] {
  return events.flatMap(transactionOf);
}
