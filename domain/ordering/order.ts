import type { Decider, Decision } from '../shared/decider.js';
import type { Money } from '../shared/money.js';
import { isRejection, reject } from '../shared/rejection.js';
import type { CancelOrder, ConfirmOrder, DeliverOrder, MarkOrderRefunded, OrderCommand, PlaceOrder, RejectOrder, ShipOrder, ShippingAddress } from './commands.js';
import type { OrderEvent, OrderLine } from './events.js';
import { priceOrder } from './pricing.js';
import { checkShippingAddress } from './shipping-address.js';

export type OrderStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled' | 'shipped' | 'delivered' | 'refunded';

export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: string;
  readonly reason?: string;
}

export interface Shipment {
  readonly carrier: string;
  readonly trackingNumber: string;
}

export interface PlacedOrder {
  readonly status: OrderStatus;
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly shippingAddress: ShippingAddress;
  readonly statusHistory: readonly StatusChange[];
  /** The payment that confirmed the order, once it is confirmed. */
  readonly paymentId?: string;
  readonly shipment?: Shipment;
}

export type OrderState = { readonly status: 'none' } | PlacedOrder;

export const orderStream = (orderId: string): string => `order-${orderId}`;

/** Whether the order exists and belongs to this customer: another customer's order is answered as not found. */
export function orderOwnedBy(state: OrderState, userId: string): boolean {
  return state.status !== 'none' && state.customerId === userId;
}

const standing: Record<OrderStatus, string> = {
  pending: 'the order is still pending',
  confirmed: 'the order is confirmed',
  rejected: 'the order was rejected',
  cancelled: 'the order was cancelled',
  shipped: 'the order has shipped',
  delivered: 'the order was delivered',
  refunded: 'the order was refunded',
};

const cannot = (action: string, order: PlacedOrder) => reject('conflict', `cannot ${action}: ${standing[order.status]}`);

/** The same customer asking for the same products in the same quantities. */
function samePlacement(command: PlaceOrder, placed: { readonly customerId: string; readonly lines: readonly OrderLine[] }): boolean {
  return (
    command.customerId === placed.customerId &&
    command.lines.length === placed.lines.length &&
    command.lines.every((line, index) => line.productId === placed.lines[index]?.productId && line.quantity === placed.lines[index].quantity)
  );
}

function place(command: PlaceOrder, state: OrderState): Decision<OrderEvent> {
  if (state.status !== 'none') {
    // The same placement again (the order id derives from the request's Idempotency-Key, retried after
    // a failure) changes nothing; anything else under this id is a conflict.
    return samePlacement(command, state) ? [] : reject('conflict', 'this order was already placed');
  }
  const priced = priceOrder(command.lines);
  if (isRejection(priced)) return priced;
  const shippingAddress = checkShippingAddress(command.shippingAddress);
  if (isRejection(shippingAddress)) return shippingAddress;
  if (command.payment.token.trim() === '') return reject('unprocessable', 'a card payment needs a card token');
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: command.orderId,
        customerId: command.customerId,
        lines: priced.lines,
        total: priced.total,
        shippingAddress,
        paymentMethod: { method: command.payment.method, token: command.payment.token },
        placedAt: command.at,
      },
    },
  ];
}

function confirm(command: ConfirmOrder, order: PlacedOrder): Decision<OrderEvent> {
  if (order.status === 'confirmed') {
    // The same confirmation again is a retry; a second payment for one order is not.
    return order.paymentId === command.paymentId ? [] : reject('conflict', 'cannot confirm: the order was already confirmed by another payment');
  }
  if (order.status !== 'pending') return cannot('confirm', order);
  return [{ type: 'OrderConfirmed', data: { orderId: command.orderId, paymentId: command.paymentId, confirmedAt: command.at } }];
}

function rejectOrder(command: RejectOrder, order: PlacedOrder): Decision<OrderEvent> {
  if (order.status === 'rejected') return [];
  if (order.status !== 'pending') return cannot('reject', order);
  return [{ type: 'OrderRejected', data: { orderId: command.orderId, reason: command.reason, rejectedAt: command.at } }];
}

function cancel(command: CancelOrder, order: PlacedOrder): Decision<OrderEvent> {
  if (order.status === 'cancelled') return [];
  if (order.status !== 'pending' && order.status !== 'confirmed') return cannot('cancel', order);
  // A payment failure or timeout arriving after the payment went through is stale: it must not cancel a paid order.
  const paymentFailure = command.reason === 'payment_declined' || command.reason === 'payment_timeout';
  if (paymentFailure && order.status === 'confirmed') return reject('conflict', 'cannot cancel for a payment failure: the order was already paid for');
  return [{ type: 'OrderCancelled', data: { orderId: command.orderId, reason: command.reason, previousStatus: order.status, cancelledAt: command.at } }];
}

function ship(command: ShipOrder, order: PlacedOrder): Decision<OrderEvent> {
  const { carrier, trackingNumber } = command;
  if (order.status === 'shipped' && order.shipment?.carrier === carrier && order.shipment.trackingNumber === trackingNumber) return [];
  if (order.status !== 'confirmed') return cannot('ship', order);
  if (carrier.trim() === '' || trackingNumber.trim() === '') return reject('unprocessable', 'a shipment needs a carrier and a tracking number');
  return [{ type: 'OrderShipped', data: { orderId: command.orderId, carrier, trackingNumber, shippedAt: command.at } }];
}

function deliver(command: DeliverOrder, order: PlacedOrder): Decision<OrderEvent> {
  if (order.status === 'delivered') return [];
  if (order.status !== 'shipped') return cannot('deliver', order);
  return [{ type: 'OrderDelivered', data: { orderId: command.orderId, deliveredAt: command.at } }];
}

function markRefunded(command: MarkOrderRefunded, order: PlacedOrder): Decision<OrderEvent> {
  const { status } = order;
  if (status === 'refunded') return [];
  // Only an order that was paid for can be refunded: a cancelled one only if it had been confirmed first.
  if (status === 'cancelled' && order.paymentId === undefined) return reject('conflict', 'cannot refund: the order was cancelled before it was paid for');
  if (status !== 'confirmed' && status !== 'shipped' && status !== 'delivered' && status !== 'cancelled') return cannot('refund', order);
  return [{ type: 'OrderRefunded', data: { orderId: command.orderId, amount: order.total, previousStatus: status, refundedAt: command.at } }];
}

function moved(state: OrderState, change: StatusChange, details: Pick<PlacedOrder, 'paymentId' | 'shipment'> = {}): OrderState {
  if (state.status === 'none') return state;
  return { ...state, ...details, status: change.status, statusHistory: [...state.statusHistory, change] };
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    if (command.type === 'PlaceOrder') return place(command, state);
    if (state.status === 'none') return reject('not_found', 'no such order');
    switch (command.type) {
      case 'ConfirmOrder':
        return confirm(command, state);
      case 'RejectOrder':
        return rejectOrder(command, state);
      case 'CancelOrder':
        return cancel(command, state);
      case 'ShipOrder':
        return ship(command, state);
      case 'DeliverOrder':
        return deliver(command, state);
      case 'MarkOrderRefunded':
        return markRefunded(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'OrderPlaced': {
        const { orderId, customerId, lines, total, shippingAddress, placedAt } = event.data;
        return { status: 'pending', orderId, customerId, lines, total, shippingAddress, statusHistory: [{ status: 'pending', at: placedAt }] };
      }
      case 'OrderConfirmed':
        return moved(state, { status: 'confirmed', at: event.data.confirmedAt }, { paymentId: event.data.paymentId });
      case 'OrderRejected':
        return moved(state, { status: 'rejected', at: event.data.rejectedAt, reason: event.data.reason });
      case 'OrderCancelled':
        return moved(state, { status: 'cancelled', at: event.data.cancelledAt, reason: event.data.reason });
      case 'OrderShipped':
        return moved(state, { status: 'shipped', at: event.data.shippedAt }, { shipment: { carrier: event.data.carrier, trackingNumber: event.data.trackingNumber } });
      case 'OrderDelivered':
        return moved(state, { status: 'delivered', at: event.data.deliveredAt });
      case 'OrderRefunded':
        return moved(state, { status: 'refunded', at: event.data.refundedAt });
    }
  },
};
