import type { NotificationSourceEvent } from './notification-events.js';
import type { NotificationContent } from './templates.js';

/** The events that tell a customer something about their order. */
export type OrderNewsEvent = Extract<NotificationSourceEvent, { type: 'OrderConfirmed' | 'OrderCancelled' | 'OrderShipped' | 'OrderDelivered' | 'PaymentRefunded' }>;
export type LowStockEvent = Extract<NotificationSourceEvent, { type: 'LowStockDetected' }>;
export type AnnouncedEvent = OrderNewsEvent | LowStockEvent;

/** What the event tells a recipient called `name`. */
export function contentOf(event: AnnouncedEvent, name: string): NotificationContent {
  switch (event.type) {
    case 'OrderConfirmed':
      return { template: 'order_confirmed', data: { name, orderId: event.data.orderId } };
    case 'OrderCancelled':
      return { template: 'order_cancelled', data: { name, orderId: event.data.orderId, reason: event.data.reason } };
    case 'OrderShipped':
      return { template: 'order_shipped', data: { name, orderId: event.data.orderId, carrier: event.data.carrier, trackingNumber: event.data.trackingNumber } };
    case 'OrderDelivered':
      return { template: 'order_delivered', data: { name, orderId: event.data.orderId } };
    case 'PaymentRefunded': {
      const { orderId, refundId, amount, totalRefunded, fullyRefunded, reason } = event.data;
      return { template: 'order_refunded', data: { name, orderId, refundId, amount, totalRefunded, fullyRefunded, reason } };
    }
    case 'LowStockDetected':
      return { template: 'restock_alert', data: { name, productId: event.data.productId, available: event.data.available, threshold: event.data.threshold } };
  }
}

/** When it happened, by the event's own clock: the notification's time. */
export function timeOf(event: AnnouncedEvent): string {
  switch (event.type) {
    case 'OrderConfirmed':
      return event.data.confirmedAt;
    case 'OrderCancelled':
      return event.data.cancelledAt;
    case 'OrderShipped':
      return event.data.shippedAt;
    case 'OrderDelivered':
      return event.data.deliveredAt;
    case 'PaymentRefunded':
      return event.data.refundedAt;
    case 'LowStockDetected':
      return event.data.detectedAt;
  }
}
