import { randomBytes, randomUUID } from 'node:crypto';
import { orderEvents, type OrderLine } from '../../domain/ordering/events.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentEvents } from '../../domain/payments/events.js';
import { paymentStream } from '../../domain/payments/payment.js';
import { money } from '../../domain/shared/money.js';
import { Happening, type PlannedAppend } from './happening.js';
import type { Random } from './random.js';
import { canReserve, commit, release, reserve } from './inventory-activities.js';
import { takeAt, type OpenOrder, type OrderLineTaken, type ShopState } from './shop-state.js';
import { shippingAddress } from './shop-vocabulary.js';

const CARRIERS = ['DHL', 'UPS', 'Royal Mail', 'PostNL'];

function pickLines(shop: ShopState): OrderLineTaken[] {
  const { random } = shop;
  const wanted = random.weighted([
    [1, 5],
    [2, 3],
    [3, 2],
  ] as const);
  const products = new Set(Array.from({ length: wanted }, () => random.pick(shop.products)));
  return [...products].map((product) => ({ product, quantity: random.weighted([[1, 6], [2, 3], [3, 1]] as const) }));
}

/**
 * A customer places an order; unless stock is short (then it is rejected at once), each line's stock
 * is reserved and the payment initiated, as the order saga does.
 */
export function placeOrder(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const customer = random.pick(shop.customers);
  const taken = pickLines(shop);
  const lines: OrderLine[] = taken.map(({ product, quantity }) => ({
    productId: product.id,
    sku: product.sku,
    name: product.name,
    quantity,
    unitPrice: product.price,
    lineTotal: money(product.price.amount * quantity, product.price.currency),
  }));
  const total = money(
    lines.reduce((sum, line) => sum + line.lineTotal.amount, 0),
    'USD',
  );
  const orderId = randomUUID();
  const at = shop.advance();
  const happening = new Happening(at, customer.id);
  const placed = {
    type: 'OrderPlaced' as const,
    data: { orderId, customerId: customer.id, lines, total, shippingAddress: shippingAddress(random, customer.name), paymentMethod: { method: 'card' as const, token: `tok_${randomBytes(6).toString('hex')}` }, placedAt: at },
  };
  if (!taken.every(({ product, quantity }) => canReserve(product, quantity))) {
    return happening.record(orderStream(orderId), orderEvents, [placed, { type: 'OrderRejected', data: { orderId, reason: 'insufficient_stock', rejectedAt: at } }]).appends;
  }
  happening.record(orderStream(orderId), orderEvents, [placed]);
  for (const { product, quantity } of taken) reserve(happening, product, orderId, quantity, at);
  const paymentId = randomUUID();
  happening.record(paymentStream(paymentId), paymentEvents, [
    { type: 'PaymentInitiated', data: { paymentId, orderId, customerId: customer.id, amount: total, token: placed.data.paymentMethod.token, initiatedAt: at } },
  ]);
  shop.openOrders.push({ id: orderId, customerId: customer.id, paymentId, lines: taken, total, status: 'pending' });
  return happening.appends;
}

/** The payment provider answers: mostly authorized (the order is confirmed), else declined (cancelled, stock released). */
function settlePayment(happening: Happening, order: OpenOrder, at: string, random: Random): boolean {
  const { id: orderId, paymentId, total: amount } = order;
  if (random.chance(0.92)) {
    happening.record(paymentStream(paymentId), paymentEvents, [{ type: 'PaymentAuthorized', data: { paymentId, orderId, providerReference: `auth_${randomBytes(6).toString('hex')}`, amount, authorizedAt: at } }]);
    happening.record(orderStream(orderId), orderEvents, [{ type: 'OrderConfirmed', data: { orderId, paymentId, confirmedAt: at } }]);
    order.status = 'confirmed';
    return true;
  }
  happening.record(paymentStream(paymentId), paymentEvents, [{ type: 'PaymentDeclined', data: { paymentId, orderId, reason: random.pick(['declined', 'timeout', 'error'] as const), amount, declinedAt: at } }]);
  happening.record(orderStream(orderId), orderEvents, [{ type: 'OrderCancelled', data: { orderId, reason: 'payment_declined', previousStatus: 'pending', cancelledAt: at } }]);
  for (const { product, quantity } of order.lines) release(happening, product, orderId, quantity, at);
  return false;
}

/** Mostly shipped (payment captured, stock committed); now and then cancelled by the customer first (payment voided). */
function ship(happening: Happening, order: OpenOrder, at: string, random: Random): boolean {
  const { id: orderId, paymentId, total: amount } = order;
  if (random.chance(0.96)) {
    happening.record(paymentStream(paymentId), paymentEvents, [{ type: 'PaymentCaptured', data: { paymentId, orderId, amount, capturedAt: at } }]);
    happening.record(orderStream(orderId), orderEvents, [
      { type: 'OrderShipped', data: { orderId, carrier: random.pick(CARRIERS), trackingNumber: randomBytes(6).toString('hex').toUpperCase(), shippedAt: at } },
    ]);
    for (const { product, quantity } of order.lines) commit(happening, product, orderId, quantity, at);
    order.status = 'shipped';
    return true;
  }
  happening.record(orderStream(orderId), orderEvents, [{ type: 'OrderCancelled', data: { orderId, reason: 'customer', previousStatus: 'confirmed', cancelledAt: at } }]);
  happening.record(paymentStream(paymentId), paymentEvents, [{ type: 'PaymentVoided', data: { paymentId, orderId, amount, voidedAt: at } }]);
  for (const { product, quantity } of order.lines) release(happening, product, orderId, quantity, at);
  return false;
}

/** Delivered; a few customers send it back later for a full refund. */
function deliver(happening: Happening, order: OpenOrder, at: string, random: Random): boolean {
  happening.record(orderStream(order.id), orderEvents, [{ type: 'OrderDelivered', data: { orderId: order.id, deliveredAt: at } }]);
  order.status = 'delivered';
  return random.chance(0.05);
}

function refund(happening: Happening, order: OpenOrder, at: string): boolean {
  const { id: orderId, paymentId, total: amount } = order;
  happening.record(paymentStream(paymentId), paymentEvents, [
    { type: 'PaymentRefunded', data: { paymentId, orderId, refundId: randomUUID(), amount, reason: 'returned', refundedAt: at, totalRefunded: amount, fullyRefunded: true } },
  ]);
  happening.record(orderStream(orderId), orderEvents, [{ type: 'OrderRefunded', data: { orderId, amount, previousStatus: 'delivered', refundedAt: at } }]);
  return false;
}

/** Moves a random open order one step on (each step says whether the order is still open); an order at its end is forgotten. */
export function advanceOrder(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  if (shop.openOrders.length === 0) return placeOrder(shop);
  const index = random.int(0, shop.openOrders.length - 1);
  const order = shop.openOrders[index];
  if (order === undefined) throw new Error(`no open order at ${index}`);
  const at = shop.advance();
  const happening = new Happening(at);
  const stillOpen =
    order.status === 'pending'
      ? settlePayment(happening, order, at, random)
      : order.status === 'confirmed'
        ? ship(happening, order, at, random)
        : order.status === 'shipped'
          ? deliver(happening, order, at, random)
          : refund(happening, order, at);
  if (!stillOpen) takeAt(shop.openOrders, index);
  return happening.appends;
}
