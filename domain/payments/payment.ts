import { v5 as uuidv5 } from 'uuid';
import type { Decider, Decision } from '../shared/decider.js';
import { money, sameCurrency, type Money } from '../shared/money.js';
import { reject } from '../shared/rejection.js';
import type { CapturePayment, InitiatePayment, PaymentCommand, RecordAuthorization, RecordDecline, RefundPayment, VoidPayment } from './commands.js';
import type { PaymentEvent } from './events.js';

/** `refunded` means fully refunded; a partly refunded payment stays `captured`. */
export type PaymentStatus = 'initiated' | 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded';

export interface ExistingPayment {
  readonly status: PaymentStatus;
  readonly orderId: string;
  readonly customerId: string;
  readonly token: string;
  /** The amount the payment was initiated for. */
  readonly amount: Money;
  readonly authorized: Money;
  readonly captured: Money;
  readonly refunded: Money;
  readonly refundIds: readonly string[];
}

export type PaymentState = { readonly status: 'none' } | ExistingPayment;

// Fixed namespace for payment ids: one payment per order, so a retried initiation finds the same stream.
const PAYMENT_NAMESPACE = '09d09147-7302-4bbd-bfd4-d38a5774e146';

/** The one payment of an order has an id derived from the order's. */
export function paymentIdFor(orderId: string): string {
  return uuidv5(orderId, PAYMENT_NAMESPACE);
}

export const paymentStream = (paymentId: string): string => `payment-${paymentId}`;

function isPositive(amount: Money): boolean {
  return Number.isSafeInteger(amount.amount) && amount.amount > 0;
}

function sameMoney(a: Money, b: Money): boolean {
  return sameCurrency(a, b) && a.amount === b.amount;
}

function initiate(command: InitiatePayment, state: PaymentState): Decision<PaymentEvent> {
  if (state.status !== 'none') {
    const identical =
      state.orderId === command.orderId && state.customerId === command.customerId && state.token === command.token && sameMoney(state.amount, command.amount);
    return identical ? [] : reject('conflict', 'the payment was already initiated with a different order, customer, amount or token');
  }
  if (command.paymentId !== paymentIdFor(command.orderId)) return reject('unprocessable', "an order's payment id is derived from the order id");
  if (!isPositive(command.amount)) return reject('unprocessable', 'a payment amount is a positive whole number of minor units');
  const { paymentId, orderId, customerId, amount, token } = command;
  return [{ type: 'PaymentInitiated', data: { paymentId, orderId, customerId, amount, token, initiatedAt: command.at } }];
}

function authorize(command: RecordAuthorization, state: PaymentState): Decision<PaymentEvent> {
  switch (state.status) {
    case 'none':
      return reject('not_found', 'no such payment');
    case 'declined':
    case 'voided':
      return reject('conflict', `the payment was already ${state.status}`);
    case 'authorized':
    case 'captured':
    case 'refunded':
      return [];
    case 'initiated':
      if (!sameMoney(command.amount, state.amount)) return reject('unprocessable', 'the authorized amount must equal the amount initiated');
      return [
        {
          type: 'PaymentAuthorized',
          data: { paymentId: command.paymentId, orderId: state.orderId, providerReference: command.providerReference, amount: command.amount, authorizedAt: command.at },
        },
      ];
  }
}

function decline(command: RecordDecline, state: PaymentState): Decision<PaymentEvent> {
  switch (state.status) {
    case 'none':
      return reject('not_found', 'no such payment');
    case 'declined':
      return [];
    case 'authorized':
    case 'captured':
    case 'voided':
    case 'refunded':
      return reject('conflict', 'the payment was already authorized');
    case 'initiated':
      return [{ type: 'PaymentDeclined', data: { paymentId: command.paymentId, orderId: state.orderId, reason: command.reason, amount: state.amount, declinedAt: command.at } }];
  }
}

function capture(command: CapturePayment, state: PaymentState): Decision<PaymentEvent> {
  switch (state.status) {
    case 'none':
      return reject('not_found', 'no such payment');
    case 'captured':
    case 'refunded':
      return [];
    case 'initiated':
      return reject('conflict', 'the payment is not authorized');
    case 'declined':
    case 'voided':
      return reject('conflict', `the payment was ${state.status}`);
    case 'authorized': {
      const amount = command.amount ?? state.authorized;
      if (!sameCurrency(amount, state.authorized)) return reject('unprocessable', "a capture is in the payment's currency");
      if (!isPositive(amount)) return reject('unprocessable', 'a capture amount is a positive whole number of minor units');
      if (amount.amount > state.authorized.amount) return reject('conflict', 'would capture more than was authorized');
      return [{ type: 'PaymentCaptured', data: { paymentId: command.paymentId, orderId: state.orderId, amount, capturedAt: command.at } }];
    }
  }
}

function voidPayment(command: VoidPayment, state: PaymentState): Decision<PaymentEvent> {
  switch (state.status) {
    case 'none':
      return reject('not_found', 'no such payment');
    case 'voided':
      return [];
    case 'initiated':
      return reject('conflict', 'the payment is not authorized');
    case 'declined':
      return reject('conflict', 'the payment was declined');
    case 'captured':
    case 'refunded':
      return reject('conflict', 'the payment was already captured: refund it instead');
    case 'authorized':
      return [{ type: 'PaymentVoided', data: { paymentId: command.paymentId, orderId: state.orderId, amount: state.authorized, voidedAt: command.at } }];
  }
}

function refund(command: RefundPayment, state: PaymentState): Decision<PaymentEvent> {
  if (state.status === 'none') return reject('not_found', 'no such payment');
  // A refund is recognised by its id, so a retried request never pays out twice.
  if (state.refundIds.includes(command.refundId)) return [];
  if (state.status !== 'captured' && state.status !== 'refunded') return reject('conflict', 'only a captured payment can be refunded');
  if (!sameCurrency(command.amount, state.captured)) return reject('unprocessable', "a refund is in the payment's currency");
  if (!isPositive(command.amount)) return reject('unprocessable', 'a refund amount is a positive whole number of minor units');
  const totalRefunded = money(state.refunded.amount + command.amount.amount, state.refunded.currency);
  if (totalRefunded.amount > state.captured.amount) return reject('conflict', 'would refund more than was captured');
  return [
    {
      type: 'PaymentRefunded',
      data: {
        paymentId: command.paymentId,
        orderId: state.orderId,
        refundId: command.refundId,
        amount: command.amount,
        reason: command.reason,
        refundedAt: command.at,
        totalRefunded,
        fullyRefunded: totalRefunded.amount === state.captured.amount,
      },
    },
  ];
}

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'InitiatePayment':
        return initiate(command, state);
      case 'RecordAuthorization':
        return authorize(command, state);
      case 'RecordDecline':
        return decline(command, state);
      case 'CapturePayment':
        return capture(command, state);
      case 'VoidPayment':
        return voidPayment(command, state);
      case 'RefundPayment':
        return refund(command, state);
    }
  },
  evolve(state, event) {
    if (event.type === 'PaymentInitiated') {
      const { orderId, customerId, token, amount } = event.data;
      const none = money(0, amount.currency);
      return { status: 'initiated', orderId, customerId, token, amount, authorized: none, captured: none, refunded: none, refundIds: [] };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'PaymentAuthorized':
        return { ...state, status: 'authorized', authorized: event.data.amount };
      case 'PaymentDeclined':
        return { ...state, status: 'declined' };
      case 'PaymentCaptured':
        return { ...state, status: 'captured', captured: event.data.amount };
      case 'PaymentVoided':
        return { ...state, status: 'voided' };
      case 'PaymentRefunded':
        return {
          ...state,
          status: event.data.fullyRefunded ? 'refunded' : 'captured',
          refunded: event.data.totalRefunded,
          refundIds: [...state.refundIds, event.data.refundId],
        };
    }
  },
};
