import { describe, expect, it } from 'vitest';
import type { CatalogueProduct, PlaceOrder, RequestedLine } from '../../domain/ordering/commands.js';
import { orderEvents, type OrderEvent } from '../../domain/ordering/events.js';
import { orderDecider, orderOwnedBy, orderStream } from '../../domain/ordering/order.js';
import { MAX_ORDER_LINES } from '../../domain/ordering/pricing.js';
import { stateFrom } from '../../domain/shared/decider.js';
import { isRejection } from '../../domain/shared/rejection.js';
import { specify } from './spec.js';

const orderId = '9c7e2a14-5b3d-4f6e-8a1c-2d3e4f5a6b7c';
const customerId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const otherCustomerId = '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b';
const mugId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const teaId = '3c9f7b1d-2d3e-4f40-9bac-1d2e3f4a5b6c';
const paymentId = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const otherPaymentId = '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e';
const at = '2026-11-26T12:00:00.000Z';
const later = '2026-11-27T09:30:00.000Z';

const mug: CatalogueProduct = { sku: 'MUG-01', name: 'Mug', unitPrice: { amount: 1250, currency: 'GBP' }, status: 'active' };
const tea: CatalogueProduct = { sku: 'TEA-02', name: 'Tea', unitPrice: { amount: 499, currency: 'GBP' }, status: 'active' };
const address = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

const place: PlaceOrder = {
  type: 'PlaceOrder',
  orderId,
  customerId,
  lines: [
    { productId: mugId, quantity: 2, product: mug },
    { productId: teaId, quantity: 3, product: tea },
  ],
  shippingAddress: address,
  payment: { method: 'card', token: 'tok_visa_4242' },
  at,
};

const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    lines: [
      { productId: mugId, sku: 'MUG-01', name: 'Mug', quantity: 2, unitPrice: { amount: 1250, currency: 'GBP' }, lineTotal: { amount: 2500, currency: 'GBP' } },
      { productId: teaId, sku: 'TEA-02', name: 'Tea', quantity: 3, unitPrice: { amount: 499, currency: 'GBP' }, lineTotal: { amount: 1497, currency: 'GBP' } },
    ],
    total: { amount: 3997, currency: 'GBP' },
    shippingAddress: address,
    paymentMethod: { method: 'card', token: 'tok_visa_4242' },
    placedAt: at,
  },
};
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId, paymentId, confirmedAt: at } };
const rejected: OrderEvent = { type: 'OrderRejected', data: { orderId, reason: 'insufficient_stock', rejectedAt: at } };
const cancelledWhilePending: OrderEvent = { type: 'OrderCancelled', data: { orderId, reason: 'payment_declined', previousStatus: 'pending', cancelledAt: at } };
const cancelledWhenConfirmed: OrderEvent = { type: 'OrderCancelled', data: { orderId, reason: 'customer', previousStatus: 'confirmed', cancelledAt: later } };
const shipped: OrderEvent = { type: 'OrderShipped', data: { orderId, carrier: 'Royal Mail', trackingNumber: 'RM123456789GB', shippedAt: later } };
const delivered: OrderEvent = { type: 'OrderDelivered', data: { orderId, deliveredAt: later } };
const refundedFrom = (previousStatus: 'confirmed' | 'shipped' | 'delivered' | 'cancelled'): OrderEvent => ({
  type: 'OrderRefunded',
  data: { orderId, amount: { amount: 3997, currency: 'GBP' }, previousStatus, refundedAt: later },
});

const ship = { type: 'ShipOrder', orderId, carrier: 'Royal Mail', trackingNumber: 'RM123456789GB', at: later } as const;
const markRefunded = { type: 'MarkOrderRefunded', orderId, at: later } as const;

const order = specify(orderDecider);

function productNumber(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function lines(count: number): RequestedLine[] {
  return Array.from({ length: count }, (_, n) => ({ productId: productNumber(n), quantity: 1, product: mug }));
}

describe('ordering', () => {
  it('one stream per order', () => {
    expect(orderStream(orderId)).toBe(`order-${orderId}`);
  });

  it('the events it decides (the fixtures below) match their schemas', () => {
    const decided: OrderEvent[] = [placed, confirmed, rejected, cancelledWhilePending, cancelledWhenConfirmed, shipped, delivered, refundedFrom('delivered')];
    for (const event of decided) {
      const definition = orderEvents.find((candidate) => candidate.type === event.type);
      expect(definition?.schema.safeParse(event.data).success, event.type).toBe(true);
    }
  });

  describe('place', () => {
    it('records the order with the prices of the moment, line totals and total in minor units', () => {
      order.given([]).when(place).then([placed]);
    });
    it('keeps a second address line, and drops a blank one', () => {
      const withLine2 = { ...address, line2: 'Flat 3' };
      order
        .given([])
        .when({ ...place, shippingAddress: withLine2 })
        .then([{ ...placed, data: { ...placed.data, shippingAddress: withLine2 } }]);
      order
        .given([])
        .when({ ...place, shippingAddress: { ...address, line2: '  ' } })
        .then([placed]);
    });
    it('the same placement again changes nothing; a different one under the same id is refused', () => {
      order.given([placed]).when(place).then([]);
      order.given([placed]).when({ ...place, customerId: '0f0e0d0c-0b0a-4909-8807-060504030201' }).thenRejected('conflict', /already placed/);
      order
        .given([placed])
        .when({ ...place, lines: place.lines.map((line) => ({ ...line, quantity: line.quantity + 1 })) })
        .thenRejected('conflict', /already placed/);
    });
    it('refuses an order without lines', () => {
      order.given([]).when({ ...place, lines: [] }).thenRejected('unprocessable', /at least one line/);
    });
    it(`accepts ${MAX_ORDER_LINES} lines and refuses more`, () => {
      const decision = orderDecider.decide({ ...place, lines: lines(MAX_ORDER_LINES) }, orderDecider.initialState);
      expect(isRejection(decision)).toBe(false);
      order
        .given([])
        .when({ ...place, lines: lines(MAX_ORDER_LINES + 1) })
        .thenRejected('unprocessable', /at most 100 lines/);
    });
    for (const quantity of [0, -1, 1.5]) {
      it(`refuses a quantity of ${quantity}`, () => {
        order
          .given([])
          .when({ ...place, lines: [{ productId: mugId, quantity, product: mug }] })
          .thenRejected('unprocessable', /whole number of at least 1/);
      });
    }
    it('refuses the same product on two lines', () => {
      order
        .given([])
        .when({ ...place, lines: [...place.lines, { productId: mugId, quantity: 1, product: mug }] })
        .thenRejected('unprocessable', /one line only/);
    });
    it('refuses an unknown product', () => {
      order
        .given([])
        .when({ ...place, lines: [{ productId: mugId, quantity: 1, product: undefined }] })
        .thenRejected('unprocessable', new RegExp(`unknown product ${mugId}`));
    });
    it('refuses a discontinued product', () => {
      order
        .given([])
        .when({ ...place, lines: [{ productId: mugId, quantity: 1, product: { ...mug, status: 'discontinued' } }] })
        .thenRejected('unprocessable', /discontinued/);
    });
    it('refuses to mix currencies', () => {
      const euroTea = { ...tea, unitPrice: { amount: 599, currency: 'EUR' } };
      order
        .given([])
        .when({
          ...place,
          lines: [
            { productId: mugId, quantity: 1, product: mug },
            { productId: teaId, quantity: 1, product: euroTea },
          ],
        })
        .thenRejected('unprocessable', /mix currencies/);
    });
    it('refuses a line total or an order total beyond exact integer arithmetic', () => {
      const costly = { ...mug, unitPrice: { amount: Number.MAX_SAFE_INTEGER, currency: 'GBP' } };
      order
        .given([])
        .when({ ...place, lines: [{ productId: mugId, quantity: 2, product: costly }] })
        .thenRejected('unprocessable', /too large/);
      order
        .given([])
        .when({
          ...place,
          lines: [
            { productId: mugId, quantity: 1, product: costly },
            { productId: teaId, quantity: 1, product: tea },
          ],
        })
        .thenRejected('unprocessable', /order total is too large/);
    });
    for (const field of ['name', 'line1', 'city', 'postalCode', 'country'] as const) {
      it(`refuses a shipping address without a ${field}`, () => {
        order
          .given([])
          .when({ ...place, shippingAddress: { ...address, [field]: ' ' } })
          .thenRejected('unprocessable', new RegExp(`needs a ${field}`));
      });
    }
    for (const country of ['gb', 'GBR', 'G1']) {
      it(`refuses the country ${country}`, () => {
        order
          .given([])
          .when({ ...place, shippingAddress: { ...address, country } })
          .thenRejected('unprocessable', /two-letter/);
      });
    }
    it('refuses a card payment without a token', () => {
      order
        .given([])
        .when({ ...place, payment: { method: 'card', token: '' } })
        .thenRejected('unprocessable', /token/);
    });
  });

  describe('confirm', () => {
    const confirm = { type: 'ConfirmOrder', orderId, paymentId, at } as const;
    it('confirms a pending order with its payment', () => {
      order.given([placed]).when(confirm).then([confirmed]);
    });
    it('confirming again with the same payment changes nothing', () => {
      order.given([placed, confirmed]).when(confirm).then([]);
    });
    it('refuses a second payment for a confirmed order', () => {
      order
        .given([placed, confirmed])
        .when({ ...confirm, paymentId: otherPaymentId })
        .thenRejected('conflict', /another payment/);
    });
    it('refuses to confirm an order that is no longer pending', () => {
      order.given([placed, rejected]).when(confirm).thenRejected('conflict', /rejected/);
      order.given([placed, cancelledWhilePending]).when(confirm).thenRejected('conflict', /cancelled/);
      order.given([placed, confirmed, shipped]).when(confirm).thenRejected('conflict', /shipped/);
    });
  });

  describe('reject', () => {
    const rejectOrder = { type: 'RejectOrder', orderId, reason: 'insufficient_stock', at } as const;
    it('rejects a pending order whose stock could not be reserved', () => {
      order.given([placed]).when(rejectOrder).then([rejected]);
    });
    it('rejects a pending order with a product that is gone', () => {
      order
        .given([placed])
        .when({ ...rejectOrder, reason: 'unknown_product' })
        .then([{ type: 'OrderRejected', data: { orderId, reason: 'unknown_product', rejectedAt: at } }]);
    });
    it('rejecting again changes nothing', () => {
      order.given([placed, rejected]).when(rejectOrder).then([]);
    });
    it('refuses to reject an order that is no longer pending', () => {
      order.given([placed, confirmed]).when(rejectOrder).thenRejected('conflict', /confirmed/);
      order.given([placed, cancelledWhilePending]).when(rejectOrder).thenRejected('conflict', /cancelled/);
    });
  });

  describe('cancel', () => {
    const cancel = { type: 'CancelOrder', orderId, reason: 'customer', at: later } as const;
    for (const reason of ['payment_declined', 'payment_timeout', 'customer', 'admin'] as const) {
      it(`cancels a pending order (${reason})`, () => {
        order
          .given([placed])
          .when({ ...cancel, reason, at })
          .then([{ type: 'OrderCancelled', data: { orderId, reason, previousStatus: 'pending', cancelledAt: at } }]);
      });
    }
    it('the customer or an admin may cancel a confirmed order before it ships', () => {
      order.given([placed, confirmed]).when(cancel).then([cancelledWhenConfirmed]);
      order
        .given([placed, confirmed])
        .when({ ...cancel, reason: 'admin' })
        .then([{ type: 'OrderCancelled', data: { orderId, reason: 'admin', previousStatus: 'confirmed', cancelledAt: later } }]);
    });
    it('a late payment failure does not cancel an order that was paid for', () => {
      order
        .given([placed, confirmed])
        .when({ ...cancel, reason: 'payment_timeout' })
        .thenRejected('conflict', /already paid/);
      order
        .given([placed, confirmed])
        .when({ ...cancel, reason: 'payment_declined' })
        .thenRejected('conflict', /already paid/);
    });
    it('cancelling again changes nothing', () => {
      order.given([placed, cancelledWhilePending]).when(cancel).then([]);
    });
    it('refuses to cancel once shipped, delivered, rejected or refunded', () => {
      order.given([placed, confirmed, shipped]).when(cancel).thenRejected('conflict', /the order has shipped/);
      order.given([placed, confirmed, shipped, delivered]).when(cancel).thenRejected('conflict', /delivered/);
      order.given([placed, rejected]).when(cancel).thenRejected('conflict', /rejected/);
      order.given([placed, confirmed, refundedFrom('confirmed')]).when(cancel).thenRejected('conflict', /refunded/);
    });
  });

  describe('ship', () => {
    it('ships a confirmed order', () => {
      order.given([placed, confirmed]).when(ship).then([shipped]);
    });
    it('shipping again with the same tracking number changes nothing', () => {
      order.given([placed, confirmed, shipped]).when(ship).then([]);
    });
    it('refuses to ship again with another tracking number', () => {
      order
        .given([placed, confirmed, shipped])
        .when({ ...ship, trackingNumber: 'RM000000000GB' })
        .thenRejected('conflict', /has shipped/);
    });
    it('refuses to ship an order that is not confirmed', () => {
      order.given([placed]).when(ship).thenRejected('conflict', /pending/);
      order.given([placed, confirmed, cancelledWhenConfirmed]).when(ship).thenRejected('conflict', /cancelled/);
      order.given([placed, confirmed, shipped, delivered]).when(ship).thenRejected('conflict', /delivered/);
    });
    it('refuses a shipment without a carrier or a tracking number', () => {
      order
        .given([placed, confirmed])
        .when({ ...ship, carrier: '' })
        .thenRejected('unprocessable', /carrier/);
      order
        .given([placed, confirmed])
        .when({ ...ship, trackingNumber: ' ' })
        .thenRejected('unprocessable', /tracking number/);
    });
  });

  describe('deliver', () => {
    const deliver = { type: 'DeliverOrder', orderId, at: later } as const;
    it('delivers a shipped order', () => {
      order.given([placed, confirmed, shipped]).when(deliver).then([delivered]);
    });
    it('delivering again changes nothing', () => {
      order.given([placed, confirmed, shipped, delivered]).when(deliver).then([]);
    });
    it('refuses to deliver an order that has not shipped', () => {
      order.given([placed, confirmed]).when(deliver).thenRejected('conflict', /confirmed/);
      order.given([placed]).when(deliver).thenRejected('conflict', /pending/);
    });
  });

  describe('refund', () => {
    it('records the full refund of a confirmed, shipped or delivered order, with the amount', () => {
      order.given([placed, confirmed]).when(markRefunded).then([refundedFrom('confirmed')]);
      order.given([placed, confirmed, shipped]).when(markRefunded).then([refundedFrom('shipped')]);
      order.given([placed, confirmed, shipped, delivered]).when(markRefunded).then([refundedFrom('delivered')]);
    });
    it('records the refund of an order cancelled after it was confirmed', () => {
      order.given([placed, confirmed, cancelledWhenConfirmed]).when(markRefunded).then([refundedFrom('cancelled')]);
    });
    it('recording the refund again changes nothing', () => {
      order.given([placed, confirmed, refundedFrom('confirmed')]).when(markRefunded).then([]);
    });
    it('refuses to refund an order that was never paid for', () => {
      order.given([placed]).when(markRefunded).thenRejected('conflict', /pending/);
      order.given([placed, rejected]).when(markRefunded).thenRejected('conflict', /rejected/);
      order.given([placed, cancelledWhilePending]).when(markRefunded).thenRejected('conflict', /before it was paid for/);
    });
  });

  it('an order that does not exist is not found', () => {
    const commands = [
      { type: 'ConfirmOrder', orderId, paymentId, at },
      { type: 'RejectOrder', orderId, reason: 'insufficient_stock', at },
      { type: 'CancelOrder', orderId, reason: 'customer', at },
      ship,
      { type: 'DeliverOrder', orderId, at },
      markRefunded,
    ] as const;
    for (const command of commands) order.given([]).when(command).thenRejected('not_found', /no such order/);
  });

  describe('state', () => {
    it('follows the order through its life, with its history and shipment', () => {
      const state = stateFrom(orderDecider, [placed, confirmed, shipped, delivered]);
      expect(state).toEqual({
        status: 'delivered',
        orderId,
        customerId,
        lines: placed.data.lines,
        total: { amount: 3997, currency: 'GBP' },
        shippingAddress: address,
        paymentId,
        shipment: { carrier: 'Royal Mail', trackingNumber: 'RM123456789GB' },
        statusHistory: [
          { status: 'pending', at },
          { status: 'confirmed', at },
          { status: 'shipped', at: later },
          { status: 'delivered', at: later },
        ],
      });
    });
    it('keeps the reason a rejection or cancellation was made', () => {
      const wasRejected = stateFrom(orderDecider, [placed, rejected]);
      expect(wasRejected.status === 'none' ? [] : wasRejected.statusHistory.at(-1)).toEqual({ status: 'rejected', at, reason: 'insufficient_stock' });
      const wasCancelled = stateFrom(orderDecider, [placed, confirmed, cancelledWhenConfirmed, refundedFrom('cancelled')]);
      expect(wasCancelled.status === 'none' ? [] : wasCancelled.statusHistory.map(({ status, reason }) => ({ status, reason }))).toEqual([
        { status: 'pending', reason: undefined },
        { status: 'confirmed', reason: undefined },
        { status: 'cancelled', reason: 'customer' },
        { status: 'refunded', reason: undefined },
      ]);
    });
  });

  describe('ownership', () => {
    it('an order belongs to the customer who placed it, and to no one else', () => {
      const state = stateFrom(orderDecider, [placed]);
      expect(orderOwnedBy(state, customerId)).toBe(true);
      expect(orderOwnedBy(state, otherCustomerId)).toBe(false);
      expect(orderOwnedBy(orderDecider.initialState, customerId)).toBe(false);
    });
  });
});
