import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paymentIdFor } from '../../domain/payments/payment.js';
import type { Money } from '../../domain/shared/money.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { paymentsProjection } from '../../projections/payments/projection.js';
import { transactionsOfOrder } from '../../read-api/orders/payment-queries.js';
import { recorded, useProjection } from '../support/projections.js';

const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const minute = (n: number): string => new Date(Date.UTC(2025, 4, 2, 9, n)).toISOString();

function paymentOf(orderId = randomUUID()) {
  const paymentId = paymentIdFor(orderId);
  const stream = `payment-${paymentId}`;
  return {
    orderId,
    paymentId,
    initiated: (): RecordedEvent => recorded(stream, 'PaymentInitiated', { paymentId, orderId, customerId: randomUUID(), amount: usd(5000), token: 'tok_visa', initiatedAt: minute(0) }),
    authorized: (): RecordedEvent => recorded(stream, 'PaymentAuthorized', { paymentId, orderId, providerReference: 'auth-9', amount: usd(5000), authorizedAt: minute(1) }),
    declined: (): RecordedEvent => recorded(stream, 'PaymentDeclined', { paymentId, orderId, reason: 'timeout', amount: usd(5000), declinedAt: minute(1) }),
    captured: (): RecordedEvent => recorded(stream, 'PaymentCaptured', { paymentId, orderId, amount: usd(5000), capturedAt: minute(2) }),
    voided: (): RecordedEvent => recorded(stream, 'PaymentVoided', { paymentId, orderId, amount: usd(5000), voidedAt: minute(3) }),
    refunded: (amount: number, total: number, at: number): RecordedEvent =>
      recorded(stream, 'PaymentRefunded', {
        paymentId,
        orderId,
        refundId: randomUUID(),
        amount: usd(amount),
        reason: 'returned',
        refundedAt: minute(at),
        totalRefunded: usd(total),
        fullyRefunded: total === 5000,
      }),
  };
}

describe('payments projection', () => {
  const projection = useProjection(paymentsProjection);

  const historyOf = (orderId: string) => transactionsOfOrder(projection.db, orderId);
  const allRows = () => projection.rows('SELECT to_jsonb(t) AS row FROM payment_transactions t ORDER BY position');

  it('records authorization, capture and refunds in the order they happened; initiation is no transaction', async () => {
    const payment = paymentOf();
    await projection.apply([payment.initiated()]);
    expect(await historyOf(payment.orderId)).toEqual([]);

    await projection.apply([payment.authorized(), payment.captured()]);
    await projection.apply([payment.refunded(1500, 1500, 4), payment.refunded(3500, 5000, 5)]);
    const { paymentId } = payment;
    expect(await historyOf(payment.orderId)).toEqual([
      { paymentId, type: 'authorization', amount: usd(5000), at: minute(1) },
      { paymentId, type: 'capture', amount: usd(5000), at: minute(2) },
      { paymentId, type: 'refund', amount: usd(1500), at: minute(4) },
      { paymentId, type: 'refund', amount: usd(3500), at: minute(5) },
    ]);
  });

  it('records a decline', async () => {
    const payment = paymentOf();
    await projection.apply([payment.initiated(), payment.declined()]);
    expect(await historyOf(payment.orderId)).toEqual([{ paymentId: payment.paymentId, type: 'decline', amount: usd(5000), at: minute(1) }]);
  });

  it('records a void after an authorization', async () => {
    const payment = paymentOf();
    await projection.apply([payment.initiated(), payment.authorized(), payment.voided()]);
    expect((await historyOf(payment.orderId)).map(({ type, at }) => ({ type, at }))).toEqual([
      { type: 'authorization', at: minute(1) },
      { type: 'void', at: minute(3) },
    ]);
  });

  it('an order without payment events has an empty history', async () => {
    expect(await historyOf(randomUUID())).toEqual([]);
  });

  it('keeps orders apart within one batch and ignores events it does not read', async () => {
    const [a, b] = [paymentOf(), paymentOf()];
    await projection.apply([
      a.initiated(),
      b.initiated(),
      recorded(`order-${a.orderId}`, 'OrderConfirmed', { orderId: a.orderId, paymentId: a.paymentId, confirmedAt: minute(2) }),
      a.authorized(),
      b.declined(),
    ]);
    expect((await historyOf(a.orderId)).map(({ type }) => type)).toEqual(['authorization']);
    expect((await historyOf(b.orderId)).map(({ type }) => type)).toEqual(['decline']);
  });

  it('applying the same events again changes nothing, also after only part of the batch was applied', async () => {
    const payment = paymentOf();
    const batch = [payment.initiated(), payment.authorized(), payment.captured(), payment.refunded(100, 100, 4), payment.refunded(200, 300, 5)];
    await projection.apply(batch.slice(0, 3));
    await projection.apply(batch);
    const once = await allRows();
    await projection.apply(batch);
    await projection.apply(batch.slice(1, 4));
    expect(await allRows()).toEqual(once);
    expect(await historyOf(payment.orderId)).toHaveLength(4);
  });

  it('refuses a payment event that does not fit its schema', async () => {
    await expect(projection.apply([recorded(`payment-${randomUUID()}`, 'PaymentCaptured', { paymentId: randomUUID(), amount: usd(1) })])).rejects.toThrow();
  });
});
