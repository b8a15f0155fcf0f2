import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { metadata } from '../support/events.js';
import { recorded } from '../support/projections.js';

/** Events as the notifications projection reads them, with valid data, for the notification tests. */

const now = (): string => new Date().toISOString();
const gbp = (amount: number) => ({ amount, currency: 'GBP' });

export interface TestUser {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly registered: RecordedEvent;
}

export function userRegistered(roles: readonly string[] = ['customer']): TestUser {
  const userId = randomUUID();
  const email = `user-${userId}@shopverse.test`;
  const name = `User ${userId.slice(0, 8)}`;
  const event = recorded(`user-${userId}`, 'UserRegistered', { userId, email, name, passwordHash: 'scrypt$hash', roles: [...roles], registeredAt: now() });
  return { userId, email, name, registered: event };
}

export const rolesChanged = (userId: string, roles: readonly string[]): RecordedEvent =>
  recorded(`user-${userId}`, 'RolesChanged', { userId, roles: [...roles], changedBy: randomUUID(), changedAt: now() });

export interface Preferences {
  readonly email: boolean;
  readonly sms: boolean;
  readonly push: boolean;
  readonly phone?: string | null;
  readonly pushEndpoint?: string | null;
}

export const preferencesSet = (userId: string, preferences: Preferences): RecordedEvent =>
  recorded(`notification-preferences-${userId}`, 'NotificationPreferencesSet', { userId, phone: null, pushEndpoint: null, ...preferences, setAt: now() });

/** Events of one order stream, all with the same correlation id (as one request's would have). */
export class TestOrder {
  readonly orderId = randomUUID();
  readonly correlationId = randomUUID();

  constructor(readonly customerId: string) {}

  private event(type: string, data: Record<string, unknown>, streamId = `order-${this.orderId}`): RecordedEvent {
    return recorded(streamId, type, { orderId: this.orderId, ...data }, { metadata: metadata({ correlationId: this.correlationId }) });
  }

  placed(): RecordedEvent {
    const line = { productId: randomUUID(), sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: gbp(1250), lineTotal: gbp(1250) };
    return this.event('OrderPlaced', {
      customerId: this.customerId,
      lines: [line],
      total: gbp(1250),
      shippingAddress: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      paymentMethod: { method: 'card', token: 'tok_visa' },
      placedAt: now(),
    });
  }

  confirmed(): RecordedEvent {
    return this.event('OrderConfirmed', { paymentId: randomUUID(), confirmedAt: now() });
  }

  cancelled(reason = 'payment_declined'): RecordedEvent {
    return this.event('OrderCancelled', { reason, previousStatus: 'pending', cancelledAt: now() });
  }

  shipped(carrier = 'Royal Mail', trackingNumber = 'RM123'): RecordedEvent {
    return this.event('OrderShipped', { carrier, trackingNumber, shippedAt: now() });
  }

  delivered(): RecordedEvent {
    return this.event('OrderDelivered', { deliveredAt: now() });
  }

  refunded(amount: number, totalRefunded: number, fullyRefunded: boolean): RecordedEvent {
    const paymentId = randomUUID();
    return this.event(
      'PaymentRefunded',
      { paymentId, refundId: randomUUID(), amount: gbp(amount), reason: 'damaged', refundedAt: now(), totalRefunded: gbp(totalRefunded), fullyRefunded },
      `payment-${paymentId}`,
    );
  }

  /** Marks the full refund; notified through PaymentRefunded already. */
  orderRefunded(): RecordedEvent {
    return this.event('OrderRefunded', { amount: gbp(1250), previousStatus: 'delivered', refundedAt: now() });
  }
}

export const lowStockDetected = (productId: string, available = 2, threshold = 5): RecordedEvent =>
  recorded(`inventory-${productId}`, 'LowStockDetected', { productId, available, threshold, detectedAt: now() });
