import type { Money } from '../shared/money.js';
import type { DeclineReason } from './events.js';

export interface InitiatePayment {
  readonly type: 'InitiatePayment';
  /** Must be `paymentIdFor(orderId)`: one payment per order. */
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly token: string;
  readonly at: string;
}

/** The provider approved the payment (the call to the provider is the caller's). */
export interface RecordAuthorization {
  readonly type: 'RecordAuthorization';
  readonly paymentId: string;
  readonly providerReference: string;
  readonly amount: Money;
  readonly at: string;
}

/** The provider declined, never answered in time, or kept failing. */
export interface RecordDecline {
  readonly type: 'RecordDecline';
  readonly paymentId: string;
  readonly reason: DeclineReason;
  readonly at: string;
}

export interface CapturePayment {
  readonly type: 'CapturePayment';
  readonly paymentId: string;
  /** Defaults to the whole authorized amount. */
  readonly amount?: Money;
  readonly at: string;
}

export interface VoidPayment {
  readonly type: 'VoidPayment';
  readonly paymentId: string;
  readonly at: string;
}

export interface RefundPayment {
  readonly type: 'RefundPayment';
  readonly paymentId: string;
  /** Chosen once per refund request, so a retried request is recognised. */
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  readonly at: string;
}

export type PaymentCommand = InitiatePayment | RecordAuthorization | RecordDecline | CapturePayment | VoidPayment | RefundPayment;
