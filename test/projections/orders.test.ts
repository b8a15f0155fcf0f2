import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paymentIdFor } from '../../domain/payments/payment.js';
import type { Money } from '../../domain/shared/money.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { ordersProjection } from '../../projections/orders/projection.js';
import { installProjectionSchema, useSchema } from '../../projections/runner/schema.js';
import { InvalidCursorError } from '../../read-api/http/pagination.js';
import { findOrder, listOrders } from '../../read-api/orders/order-queries.js';
import { recorded, useProjection } from '../support/projections.js';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const address = { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', postalCode: '22202', country: 'US' };

/** Distinct, increasing instants: minute `n` of a fixed day. */
const minute = (n: number): string => new Date(Date.UTC(2025, 2, 1, 10, n)).toISOString();

function orderEvents(orderId: string, customerId: string) {
  const stream = `order-${orderId}`;
  const productId = randomUUID();
  const lines = [
    { productId, sku: 'MUG-1', name: 'Mug', quantity: 2, unitPrice: eur(1250), lineTotal: eur(2500) },
    { productId: randomUUID(), sku: 'TEA-1', name: 'Tea', quantity: 1, unitPrice: eur(499), lineTotal: eur(499) },
  ];
  return {
    lines,
    total: eur(2999),
    placed: (): RecordedEvent =>
      recorded(stream, 'OrderPlaced', { orderId, customerId, lines, total: eur(2999), shippingAddress: address, paymentMethod: { method: 'card', token: 'tok_visa' }, placedAt: minute(0) }),
    confirmed: (): RecordedEvent => recorded(stream, 'OrderConfirmed', { orderId, paymentId: paymentIdFor(orderId), confirmedAt: minute(1) }),
    rejected: (): RecordedEvent => recorded(stream, 'OrderRejected', { orderId, reason: 'insufficient_stock', rejectedAt: minute(1) }),
    cancelled: (reason: string, previousStatus: 'pending' | 'confirmed'): RecordedEvent => recorded(stream, 'OrderCancelled', { orderId, reason, previousStatus, cancelledAt: minute(2) }),
    shipped: (): RecordedEvent => recorded(stream, 'OrderShipped', { orderId, carrier: 'DHL', trackingNumber: 'JD0001', shippedAt: minute(3) }),
    delivered: (): RecordedEvent => recorded(stream, 'OrderDelivered', { orderId, deliveredAt: minute(4) }),
    refunded: (previousStatus: string): RecordedEvent => recorded(stream, 'OrderRefunded', { orderId, amount: eur(2999), previousStatus, refundedAt: minute(5) }),
  };
}

function paymentEvents(orderId: string, customerId: string) {
  const paymentId = paymentIdFor(orderId);
  const stream = `payment-${paymentId}`;
  return {
    paymentId,
    initiated: (amount: Money): RecordedEvent => recorded(stream, 'PaymentInitiated', { paymentId, orderId, customerId, amount, token: 'tok_visa', initiatedAt: minute(0) }),
    authorized: (amount: Money): RecordedEvent => recorded(stream, 'PaymentAuthorized', { paymentId, orderId, providerReference: 'auth-1', amount, authorizedAt: minute(1) }),
    declined: (amount: Money): RecordedEvent => recorded(stream, 'PaymentDeclined', { paymentId, orderId, reason: 'declined', amount, declinedAt: minute(1) }),
    captured: (amount: Money): RecordedEvent => recorded(stream, 'PaymentCaptured', { paymentId, orderId, amount, capturedAt: minute(2) }),
    voided: (amount: Money): RecordedEvent => recorded(stream, 'PaymentVoided', { paymentId, orderId, amount, voidedAt: minute(2) }),
    refunded: (amount: Money, totalRefunded: Money, fullyRefunded: boolean): RecordedEvent =>
      recorded(stream, 'PaymentRefunded', { paymentId, orderId, refundId: randomUUID(), amount, reason: 'damaged', refundedAt: minute(6), totalRefunded, fullyRefunded }),
  };
}

function anOrder() {
  const orderId = randomUUID();
  const customerId = randomUUID();
  return { orderId, customerId, order: orderEvents(orderId, customerId), payment: paymentEvents(orderId, customerId) };
}

describe('orders projection', () => {
  const projection = useProjection(ordersProjection);

  const view = async (orderId: string) => findOrder(projection.db, orderId);
  const statusesOf = async (orderId: string) => (await view(orderId))?.statusHistory.map(({ status }) => status);
  const allRows = async () => ({
    orders: await projection.rows('SELECT to_jsonb(t) AS row FROM orders t ORDER BY order_id'),
    payments: await projection.rows('SELECT to_jsonb(t) AS row FROM order_payments t ORDER BY order_id'),
  });

  it('an order placed is pending with its lines, total, first status and no payment yet', async () => {
    const { orderId, customerId, order } = anOrder();
    const placed = order.placed();
    await projection.apply([placed]);

    expect(await view(orderId)).toEqual({
      orderId,
      customerId,
      status: 'pending',
      items: order.lines,
      total: eur(2999),
      statusHistory: [{ status: 'pending', at: minute(0) }],
      payment: { paymentId: paymentIdFor(orderId), status: 'none', authorized: eur(0), captured: eur(0), refunded: eur(0) },
      shippingAddress: address,
      placedAt: minute(0),
    });
    const [row] = await projection.rows('SELECT placed_position::text AS placed_position, position::text AS position FROM orders WHERE order_id = $1', [orderId]);
    expect(row).toEqual({ placed_position: placed.position.toString(), position: placed.position.toString() });
  });

  it('follows an order through its whole life: confirmed, shipped, delivered, each step in the status history', async () => {
    const { orderId, order } = anOrder();
    await projection.apply([order.placed()]);
    await projection.apply([order.confirmed()]);
    expect(await view(orderId)).toMatchObject({ status: 'confirmed', statusHistory: [{ status: 'pending' }, { status: 'confirmed', at: minute(1) }] });
    expect((await view(orderId))?.shipment).toBeUndefined();

    await projection.apply([order.shipped()]);
    expect(await view(orderId)).toMatchObject({ status: 'shipped', shipment: { carrier: 'DHL', trackingNumber: 'JD0001' } });

    await projection.apply([order.delivered()]);
    expect(await view(orderId)).toMatchObject({
      status: 'delivered',
      shipment: { carrier: 'DHL', trackingNumber: 'JD0001' },
      statusHistory: [
        { status: 'pending', at: minute(0) },
        { status: 'confirmed', at: minute(1) },
        { status: 'shipped', at: minute(3) },
        { status: 'delivered', at: minute(4) },
      ],
    });
  });

  it('a rejected order keeps the reason in its history', async () => {
    const { orderId, order } = anOrder();
    await projection.apply([order.placed(), order.rejected()]);
    expect(await view(orderId)).toMatchObject({ status: 'rejected', statusHistory: [{ status: 'pending' }, { status: 'rejected', at: minute(1), reason: 'insufficient_stock' }] });
  });

  it('a cancelled order keeps the reason, whether it was pending or confirmed', async () => {
    const pending = anOrder();
    const confirmed = anOrder();
    await projection.apply([pending.order.placed(), pending.order.cancelled('customer', 'pending'), confirmed.order.placed(), confirmed.order.confirmed(), confirmed.order.cancelled('admin', 'confirmed')]);
    expect(await view(pending.orderId)).toMatchObject({ status: 'cancelled', statusHistory: [{ status: 'pending' }, { status: 'cancelled', at: minute(2), reason: 'customer' }] });
    expect(await statusesOf(confirmed.orderId)).toEqual(['pending', 'confirmed', 'cancelled']);
    expect((await view(confirmed.orderId))?.statusHistory[2]).toEqual({ status: 'cancelled', at: minute(2), reason: 'admin' });
  });

  it('a refunded order: OrderRefunded moves the status, PaymentRefunded the amounts', async () => {
    const { orderId, customerId, order, payment } = anOrder();
    await projection.apply([
      order.placed(),
      payment.initiated(eur(2999)),
      payment.authorized(eur(2999)),
      order.confirmed(),
      payment.captured(eur(2999)),
      order.shipped(),
      order.delivered(),
      payment.refunded(eur(2999), eur(2999), true),
      order.refunded('delivered'),
    ]);
    expect(await view(orderId)).toMatchObject({
      customerId,
      status: 'refunded',
      payment: { paymentId: payment.paymentId, status: 'refunded', authorized: eur(2999), captured: eur(2999), refunded: eur(2999) },
      shipment: { carrier: 'DHL', trackingNumber: 'JD0001' },
    });
    expect(await statusesOf(orderId)).toEqual(['pending', 'confirmed', 'shipped', 'delivered', 'refunded']);
  });

  describe('payment summary', () => {
    it('follows the payment: initiated, authorized, captured, partly then fully refunded', async () => {
      const { orderId, order, payment } = anOrder();
      const paymentOf = async () => (await view(orderId))?.payment;
      await projection.apply([order.placed(), payment.initiated(eur(2999))]);
      expect(await paymentOf()).toEqual({ paymentId: payment.paymentId, status: 'initiated', authorized: eur(0), captured: eur(0), refunded: eur(0) });

      await projection.apply([payment.authorized(eur(2999))]);
      expect(await paymentOf()).toEqual({ paymentId: payment.paymentId, status: 'authorized', authorized: eur(2999), captured: eur(0), refunded: eur(0) });

      await projection.apply([payment.captured(eur(2999))]);
      expect(await paymentOf()).toMatchObject({ status: 'captured', captured: eur(2999) });

      // A partly refunded payment stays captured (the payments domain's rule).
      await projection.apply([payment.refunded(eur(1000), eur(1000), false)]);
      expect(await paymentOf()).toMatchObject({ status: 'captured', captured: eur(2999), refunded: eur(1000) });

      await projection.apply([payment.refunded(eur(1999), eur(2999), true)]);
      expect(await paymentOf()).toEqual({ paymentId: payment.paymentId, status: 'refunded', authorized: eur(2999), captured: eur(2999), refunded: eur(2999) });
    });

    it('a declined payment, with the order cancelled for it', async () => {
      const { orderId, order, payment } = anOrder();
      await projection.apply([order.placed(), payment.initiated(eur(2999)), payment.declined(eur(2999)), order.cancelled('payment_declined', 'pending')]);
      expect(await view(orderId)).toMatchObject({ status: 'cancelled', payment: { status: 'declined', authorized: eur(0), captured: eur(0), refunded: eur(0) } });
    });

    it('a voided payment, with the confirmed order cancelled', async () => {
      const { orderId, order, payment } = anOrder();
      await projection.apply([order.placed(), payment.initiated(eur(2999)), payment.authorized(eur(2999)), order.confirmed(), order.cancelled('admin', 'confirmed'), payment.voided(eur(2999))]);
      expect(await view(orderId)).toMatchObject({ status: 'cancelled', payment: { status: 'voided', authorized: eur(2999), captured: eur(0) } });
    });

    it('payment events before the payment was initiated change nothing', async () => {
      const { orderId, order, payment } = anOrder();
      await projection.apply([order.placed(), payment.authorized(eur(2999))]);
      expect((await view(orderId))?.payment.status).toBe('none');
    });
  });

  it('keeps orders apart within one batch and ignores events it does not read', async () => {
    const a = anOrder();
    const b = anOrder();
    await projection.apply([
      a.order.placed(),
      recorded(`review-${randomUUID()}`, 'ReviewSubmitted', { orderId: a.orderId }),
      b.order.placed(),
      a.order.confirmed(),
      b.payment.initiated(eur(2999)),
      b.order.rejected(),
    ]);
    expect(await view(a.orderId)).toMatchObject({ status: 'confirmed', payment: { status: 'none' } });
    expect(await view(b.orderId)).toMatchObject({ status: 'rejected', payment: { status: 'initiated' } });
  });

  it('events about an order never placed make no row', async () => {
    const { orderId, order } = anOrder();
    await projection.apply([order.confirmed(), order.shipped()]);
    expect(await view(orderId)).toBeUndefined();
  });

  it('applying the same events again changes nothing, also after only part of the batch was applied', async () => {
    const { order, payment } = anOrder();
    const batch = [
      order.placed(),
      payment.initiated(eur(2999)),
      payment.authorized(eur(2999)),
      order.confirmed(),
      payment.captured(eur(2999)),
      order.shipped(),
      payment.refunded(eur(500), eur(500), false),
      order.delivered(),
    ];
    await projection.apply(batch.slice(0, 4));
    await projection.apply(batch);
    const once = await allRows();
    await projection.apply(batch);
    await projection.apply(batch.slice(3, 7));
    expect(await allRows()).toEqual(once);
  });

  it('installs and folds in a schema of its own, as a rebuild does, leaving the live tables alone', async () => {
    const { orderId, order, payment } = anOrder();
    await installProjectionSchema(projection.db, ordersProjection, 'rebuild_orders_test');
    await installProjectionSchema(projection.db, ordersProjection, 'rebuild_orders_test');
    await projection.db.transaction(async (tx) => {
      await useSchema(tx, 'rebuild_orders_test');
      await ordersProjection.apply(tx, [order.placed(), payment.initiated(eur(2999))]);
    });
    expect(await projection.rows('SELECT status FROM rebuild_orders_test.orders WHERE order_id = $1', [orderId])).toEqual([{ status: 'pending' }]);
    expect(await projection.rows('SELECT status FROM rebuild_orders_test.order_payments WHERE order_id = $1', [orderId])).toEqual([{ status: 'initiated' }]);
    expect(await view(orderId)).toBeUndefined();
  });

  it('refuses an order event that does not fit its schema', async () => {
    await expect(projection.apply([recorded(`order-${randomUUID()}`, 'OrderPlaced', { orderId: 'not-a-uuid' })])).rejects.toThrow();
  });

  describe('listing', () => {
    async function placeOrders(customerId: string, count: number): Promise<string[]> {
      const ids = Array.from({ length: count }, () => randomUUID());
      await projection.apply(ids.map((orderId) => orderEvents(orderId, customerId).placed()));
      return ids;
    }

    async function everyPage(customerId: string | undefined, limit: number, between: () => Promise<void> = () => Promise.resolve()): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listOrders(projection.db, { customerId, limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((item) => item.orderId));
        cursor = page.nextCursor ?? undefined;
        await between();
      } while (cursor !== undefined);
      return seen;
    }

    it("a customer's orders, newest first, page by page", async () => {
      const customerId = randomUUID();
      const placed = await placeOrders(customerId, 5);
      await placeOrders(randomUUID(), 2);
      const first = await listOrders(projection.db, { customerId, limit: 2, cursor: undefined });
      expect(first.items.map((item) => item.orderId)).toEqual([placed[4], placed[3]]);
      expect(first.items[0]).toMatchObject({ customerId, status: 'pending', payment: { status: 'none' } });
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(await everyPage(customerId, 2)).toEqual([...placed].reverse());
      expect((await listOrders(projection.db, { customerId, limit: 5, cursor: undefined })).nextCursor).toBeNull();
    });

    it('every customer\'s orders when no customer is given', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const ofA = await placeOrders(a, 1);
      const ofB = await placeOrders(b, 1);
      const newest = await listOrders(projection.db, { customerId: undefined, limit: 2, cursor: undefined });
      expect(newest.items.map((item) => item.orderId)).toEqual([...ofB, ...ofA]);
    });

    it('never repeats or skips an order while new orders arrive between pages', async () => {
      const customerId = randomUUID();
      const before = await placeOrders(customerId, 7);
      const arriving: string[] = [];
      const seen = await everyPage(customerId, 3, async () => {
        arriving.push(...(await placeOrders(customerId, 2)));
      });
      expect(seen).toEqual([...before].reverse());
      expect(await everyPage(customerId, 4)).toEqual([...before, ...arriving].reverse());
    });

    it('refuses a cursor it did not make', async () => {
      await expect(listOrders(projection.db, { customerId: undefined, limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
      const otherShape = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
      await expect(listOrders(projection.db, { customerId: undefined, limit: 2, cursor: otherShape })).rejects.toThrow(InvalidCursorError);
    });
  });
});
