import { LowStockDetected } from '../../domain/inventory/events.js';
import { NotificationPreferencesSet } from '../../domain/notifications/events.js';
import { OrderCancelled, OrderConfirmed, OrderDelivered, OrderPlaced, OrderShipped } from '../../domain/ordering/events.js';
import { PaymentRefunded } from '../../domain/payments/events.js';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import { RolesChanged, UserErased, UserRegistered } from '../../domain/users/events.js';

/**
 * The events the notifications projection reads: who people are and how to reach them, whose order
 * is whose, and what is worth telling them. Refunds are notified on `PaymentRefunded` (one message per
 * refund, partial ones included, with the amount); `OrderRefunded` only marks a full refund that
 * `PaymentRefunded` has already announced, so it sends nothing of its own.
 */
export const notificationEvents = [
  UserRegistered,
  RolesChanged,
  UserErased,
  NotificationPreferencesSet,
  OrderPlaced,
  OrderConfirmed,
  OrderCancelled,
  OrderShipped,
  OrderDelivered,
  PaymentRefunded,
  LowStockDetected,
] as const;

export type NotificationSourceEvent = EventOf<(typeof notificationEvents)[number]>;
