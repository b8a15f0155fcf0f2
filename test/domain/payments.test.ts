import { describe, expect, it } from 'vitest';
import type { CapturePayment, InitiatePayment, RecordAuthorization, RefundPayment } from '../../domain/payments/commands.js';
import { paymentEvents, type PaymentEvent } from '../../domain/payments/events.js';
import { paymentDecider, paymentIdFor, paymentStream } from '../../domain/payments/payment.js';
import { transactionHistory } from '../../domain/payments/transaction-history.js';
import { stateFrom } from '../../domain/shared/decider.js';
import { money, type Money } from '../../domain/shared/money.js';
import { specify } from './spec.js';

const orderId = '3f2b9c1a-8d4e-4f6a-9b1c-2d3e4f5a6b7c';
const otherOrderId = '6c5b4a3f-2e1d-4c0b-9a8f-7e6d5c4b3a21';
const customerId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const paymentId = paymentIdFor(orderId);
const refundId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const secondRefundId = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const providerReference = 'sim_auth_0001';
const at = '2026-11-26T12:00:00.000Z';
const later = '2026-11-27T09:30:00.000Z';
const total = money(5000, 'USD');
const usd = (amount: number): Money => money(amount, 'USD');

const initiate: InitiatePayment = { type: 'InitiatePayment', paymentId, orderId, customerId, amount: total, token: 'tok_visa', at };
const authorize: RecordAuthorization = { type: 'RecordAuthorization', paymentId, providerReference, amount: total, at };
const capture: CapturePayment = { type: 'CapturePayment', paymentId, at };
const refund: RefundPayment = { type: 'RefundPayment', paymentId, refundId, amount: usd(2000), reason: 'damaged in transit', at: later };

const initiated: PaymentEvent = { type: 'PaymentInitiated', data: { paymentId, orderId, customerId, amount: total, token: 'tok_visa', initiatedAt: at } };
const authorized: PaymentEvent = { type: 'PaymentAuthorized', data: { paymentId, orderId, providerReference, amount: total, authorizedAt: at } };
const declined: PaymentEvent = { type: 'PaymentDeclined', data: { paymentId, orderId, reason: 'declined', amount: total, declinedAt: at } };
const capturedAll: PaymentEvent = { type: 'PaymentCaptured', data: { paymentId, orderId, amount: total, capturedAt: at } };
const voided: PaymentEvent = { type: 'PaymentVoided', data: { paymentId, orderId, amount: total, voidedAt: at } };
const refundedPart: PaymentEvent = {
  type: 'PaymentRefunded',
  data: { paymentId, orderId, refundId, amount: usd(2000), reason: 'damaged in transit', refundedAt: later, totalRefunded: usd(2000), fullyRefunded: false },
};
const refundedRest: PaymentEvent = {
  type: 'PaymentRefunded',
  data: { paymentId, orderId, refundId: secondRefundId, amount: usd(3000), reason: 'returned', refundedAt: later, totalRefunded: total, fullyRefunded: true },
};

const payment = specify(paymentDecider);

describe('payments', () => {
  it('one payment per order: its id is derived from the order id, its stream from the payment id', () => {
    expect(paymentIdFor(orderId)).toBe(paymentId);
    expect(paymentIdFor(otherOrderId)).not.toBe(paymentId);
    expect(paymentStream(paymentId)).toBe(`payment-${paymentId}`);
  });

  describe('initiate', () => {
    it('records the payment to be made for the order', () => {
      payment.given([]).when(initiate).then([initiated]);
    });
    it('a retried identical initiation changes nothing', () => {
      payment.given([initiated]).when(initiate).then([]);
      payment.given([initiated, authorized, capturedAll]).when(initiate).then([]);
    });
    it('refuses to initiate it again with different details', () => {
      payment.given([initiated]).when({ ...initiate, amount: usd(4999) }).thenRejected('conflict', /already initiated/);
      payment.given([initiated]).when({ ...initiate, amount: money(5000, 'EUR') }).thenRejected('conflict', /already initiated/);
      payment.given([initiated]).when({ ...initiate, orderId: otherOrderId }).thenRejected('conflict', /already initiated/);
      payment.given([initiated]).when({ ...initiate, token: 'tok_declined' }).thenRejected('conflict', /already initiated/);
    });
    it("refuses a payment id not derived from the order's", () => {
      payment.given([]).when({ ...initiate, paymentId: paymentIdFor(otherOrderId) }).thenRejected('unprocessable', /derived from the order/);
    });
    for (const amount of [0, -100, 12.5]) {
      it(`refuses an amount of ${amount} minor units`, () => {
        payment.given([]).when({ ...initiate, amount: usd(amount) }).thenRejected('unprocessable', /positive whole number/);
      });
    }
  });

  describe('record authorization', () => {
    it('records the provider approving the initiated amount', () => {
      payment.given([initiated]).when(authorize).then([authorized]);
    });
    it('refuses an authorized amount other than the one initiated', () => {
      payment.given([initiated]).when({ ...authorize, amount: usd(4000) }).thenRejected('unprocessable', /equal the amount initiated/);
      payment.given([initiated]).when({ ...authorize, amount: money(5000, 'EUR') }).thenRejected('unprocessable', /equal the amount initiated/);
    });
    it('a repeated authorization changes nothing', () => {
      payment.given([initiated, authorized]).when(authorize).then([]);
      payment.given([initiated, authorized, capturedAll]).when(authorize).then([]);
      payment.given([initiated, authorized, capturedAll, refundedPart, refundedRest]).when(authorize).then([]);
    });
    it('refuses an authorization after a decline or a void', () => {
      payment.given([initiated, declined]).when(authorize).thenRejected('conflict', /already declined/);
      payment.given([initiated, authorized, voided]).when(authorize).thenRejected('conflict', /already voided/);
    });
    it('a payment never initiated is not found', () => {
      payment.given([]).when(authorize).thenRejected('not_found');
    });
  });

  describe('record decline', () => {
    for (const reason of ['declined', 'timeout', 'error'] as const) {
      it(`records a decline (${reason}) of the initiated amount`, () => {
        payment
          .given([initiated])
          .when({ type: 'RecordDecline', paymentId, reason, at })
          .then([{ type: 'PaymentDeclined', data: { paymentId, orderId, reason, amount: total, declinedAt: at } }]);
      });
    }
    it('a repeated decline changes nothing', () => {
      payment.given([initiated, declined]).when({ type: 'RecordDecline', paymentId, reason: 'timeout', at }).then([]);
    });
    it('refuses a decline once authorized', () => {
      payment.given([initiated, authorized]).when({ type: 'RecordDecline', paymentId, reason: 'timeout', at }).thenRejected('conflict', /already authorized/);
      payment.given([initiated, authorized, capturedAll]).when({ type: 'RecordDecline', paymentId, reason: 'timeout', at }).thenRejected('conflict', /already authorized/);
      payment.given([initiated, authorized, voided]).when({ type: 'RecordDecline', paymentId, reason: 'timeout', at }).thenRejected('conflict', /already authorized/);
    });
    it('a payment never initiated is not found', () => {
      payment.given([]).when({ type: 'RecordDecline', paymentId, reason: 'declined', at }).thenRejected('not_found');
    });
  });

  describe('capture', () => {
    it('captures the whole authorized amount by default', () => {
      payment.given([initiated, authorized]).when(capture).then([capturedAll]);
    });
    it('captures part of the authorized amount', () => {
      payment
        .given([initiated, authorized])
        .when({ ...capture, amount: usd(4200) })
        .then([{ type: 'PaymentCaptured', data: { paymentId, orderId, amount: usd(4200), capturedAt: at } }]);
    });
    it('refuses to capture more than was authorized', () => {
      payment.given([initiated, authorized]).when({ ...capture, amount: usd(5001) }).thenRejected('conflict', /more than was authorized/);
    });
    it('refuses a capture in another currency or of nothing', () => {
      payment.given([initiated, authorized]).when({ ...capture, amount: money(5000, 'EUR') }).thenRejected('unprocessable', /currency/);
      payment.given([initiated, authorized]).when({ ...capture, amount: usd(0) }).thenRejected('unprocessable', /positive whole number/);
    });
    it('a repeated capture changes nothing', () => {
      payment.given([initiated, authorized, capturedAll]).when(capture).then([]);
      payment.given([initiated, authorized, capturedAll, refundedPart]).when(capture).then([]);
    });
    it('refuses to capture a payment that is not authorized', () => {
      payment.given([initiated]).when(capture).thenRejected('conflict', /not authorized/);
      payment.given([initiated, declined]).when(capture).thenRejected('conflict', /declined/);
      payment.given([initiated, authorized, voided]).when(capture).thenRejected('conflict', /voided/);
    });
    it('a payment never initiated is not found', () => {
      payment.given([]).when(capture).thenRejected('not_found');
    });
  });

  describe('void', () => {
    it('releases the authorized amount', () => {
      payment.given([initiated, authorized]).when({ type: 'VoidPayment', paymentId, at }).then([voided]);
    });
    it('a repeated void changes nothing', () => {
      payment.given([initiated, authorized, voided]).when({ type: 'VoidPayment', paymentId, at }).then([]);
    });
    it('refuses to void a captured payment: it is refunded instead', () => {
      payment.given([initiated, authorized, capturedAll]).when({ type: 'VoidPayment', paymentId, at }).thenRejected('conflict', /refund it instead/);
      payment.given([initiated, authorized, capturedAll, refundedPart, refundedRest]).when({ type: 'VoidPayment', paymentId, at }).thenRejected('conflict', /refund it instead/);
    });
    it('refuses to void a payment that was never authorized', () => {
      payment.given([initiated]).when({ type: 'VoidPayment', paymentId, at }).thenRejected('conflict', /not authorized/);
      payment.given([initiated, declined]).when({ type: 'VoidPayment', paymentId, at }).thenRejected('conflict', /declined/);
    });
    it('a payment never initiated is not found', () => {
      payment.given([]).when({ type: 'VoidPayment', paymentId, at }).thenRejected('not_found');
    });
  });

  describe('refund', () => {
    it('refunds part of the captured amount', () => {
      payment.given([initiated, authorized, capturedAll]).when(refund).then([refundedPart]);
    });
    it('refunding the rest makes the payment fully refunded', () => {
      payment
        .given([initiated, authorized, capturedAll, refundedPart])
        .when({ ...refund, refundId: secondRefundId, amount: usd(3000), reason: 'returned' })
        .then([refundedRest]);
    });
    it('refunds the whole captured amount at once', () => {
      payment
        .given([initiated, authorized, capturedAll])
        .when({ ...refund, amount: total })
        .then([
          {
            type: 'PaymentRefunded',
            data: { paymentId, orderId, refundId, amount: total, reason: 'damaged in transit', refundedAt: later, totalRefunded: total, fullyRefunded: true },
          },
        ]);
    });
    it('refuses to refund more than was captured, counting earlier refunds', () => {
      payment.given([initiated, authorized, capturedAll]).when({ ...refund, amount: usd(5001) }).thenRejected('conflict', /would refund more than was captured/);
      payment
        .given([initiated, authorized, capturedAll, refundedPart])
        .when({ ...refund, refundId: secondRefundId, amount: usd(3001) })
        .thenRejected('conflict', /would refund more than was captured/);
      payment
        .given([initiated, authorized, capturedAll, refundedPart, refundedRest])
        .when({ ...refund, refundId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', amount: usd(1) })
        .thenRejected('conflict', /would refund more than was captured/);
    });
    it('the limit is what was captured, not what was authorized', () => {
      const capturedPart: PaymentEvent = { type: 'PaymentCaptured', data: { paymentId, orderId, amount: usd(4000), capturedAt: at } };
      payment.given([initiated, authorized, capturedPart]).when({ ...refund, amount: usd(4001) }).thenRejected('conflict', /would refund more than was captured/);
    });
    it('a retried refund (same refund id) changes nothing, even once fully refunded', () => {
      payment.given([initiated, authorized, capturedAll, refundedPart]).when(refund).then([]);
      payment.given([initiated, authorized, capturedAll, refundedPart, refundedRest]).when(refund).then([]);
    });
    it('refuses a refund in another currency or of nothing', () => {
      payment.given([initiated, authorized, capturedAll]).when({ ...refund, amount: money(2000, 'EUR') }).thenRejected('unprocessable', /currency/);
      payment.given([initiated, authorized, capturedAll]).when({ ...refund, amount: usd(0) }).thenRejected('unprocessable', /positive whole number/);
    });
    it('refuses to refund a payment that was not captured', () => {
      payment.given([initiated]).when(refund).thenRejected('conflict', /only a captured payment/);
      payment.given([initiated, authorized]).when(refund).thenRejected('conflict', /only a captured payment/);
      payment.given([initiated, declined]).when(refund).thenRejected('conflict', /only a captured payment/);
      payment.given([initiated, authorized, voided]).when(refund).thenRejected('conflict', /only a captured payment/);
    });
    it('a payment never initiated is not found', () => {
      payment.given([]).when(refund).thenRejected('not_found');
    });
  });

  describe('state', () => {
    it('tracks status and the authorized, captured and refunded amounts', () => {
      expect(stateFrom(paymentDecider, [initiated])).toMatchObject({ status: 'initiated', authorized: usd(0), captured: usd(0), refunded: usd(0) });
      expect(stateFrom(paymentDecider, [initiated, authorized])).toMatchObject({ status: 'authorized', authorized: total, captured: usd(0) });
      expect(stateFrom(paymentDecider, [initiated, declined])).toMatchObject({ status: 'declined', authorized: usd(0) });
      expect(stateFrom(paymentDecider, [initiated, authorized, voided])).toMatchObject({ status: 'voided', authorized: total, captured: usd(0) });
      expect(stateFrom(paymentDecider, [initiated, authorized, capturedAll])).toMatchObject({ status: 'captured', captured: total, refunded: usd(0) });
    });
    it('a partly refunded payment stays captured; a fully refunded one is refunded', () => {
      expect(stateFrom(paymentDecider, [initiated, authorized, capturedAll, refundedPart])).toMatchObject({
        status: 'captured',
        captured: total,
        refunded: usd(2000),
        refundIds: [refundId],
      });
      expect(stateFrom(paymentDecider, [initiated, authorized, capturedAll, refundedPart, refundedRest])).toMatchObject({
        status: 'refunded',
        refunded: total,
        refundIds: [refundId, secondRefundId],
      });
    });
  });

  describe('transaction history', () => {
    it('lists what happened at the provider, in order; initiation is not a transaction', () => {
      expect(transactionHistory([initiated, authorized, capturedAll, refundedPart, refundedRest])).toEqual([
        { paymentId, type: 'authorization', amount: total, at },
        { paymentId, type: 'capture', amount: total, at },
        { paymentId, type: 'refund', amount: usd(2000), at: later },
        { paymentId, type: 'refund', amount: usd(3000), at: later },
      ]);
    });
    it('shows a decline and a void with the amount concerned', () => {
      expect(transactionHistory([initiated, declined])).toEqual([{ paymentId, type: 'decline', amount: total, at }]);
      expect(transactionHistory([initiated, authorized, voided])).toEqual([
        { paymentId, type: 'authorization', amount: total, at },
        { paymentId, type: 'void', amount: total, at },
      ]);
    });
    it('a payment only initiated has no transactions yet', () => {
      expect(transactionHistory([initiated])).toEqual([]);
    });
  });

  it('every event the decider emits matches its catalogued schema', () => {
    for (const event of [initiated, authorized, declined, capturedAll, voided, refundedPart, refundedRest]) {
      const definition = paymentEvents.find((candidate) => candidate.type === event.type);
      expect(definition?.schema.safeParse(event.data).success).toBe(true);
    }
  });
});
