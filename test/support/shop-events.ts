import { randomUUID } from 'node:crypto';
import { encodeEvents } from '../../command-handlers/event-codec.js';
import type { Attributes } from '../../domain/catalog/attributes.js';
import { productEvents } from '../../domain/catalog/events.js';
import { productStream } from '../../domain/catalog/product.js';
import { orderEvents, type OrderLine } from '../../domain/ordering/events.js';
import { orderStream } from '../../domain/ordering/order.js';
import { money } from '../../domain/shared/money.js';
import { browsingSessionStream } from '../../domain/tracking/browsing-session.js';
import { browsingSessionEvents } from '../../domain/tracking/events.js';
import { userEvents } from '../../domain/users/events.js';
import { userStream } from '../../domain/users/user.js';
import type { EventToAppend } from '../../infra/event-store/port.js';

/** Events of one stream, as one append writes them. */
export interface StreamEvents {
  readonly streamId: string;
  readonly events: EventToAppend[];
}

const envelope = (count: number, at: string, actorId: string | null) => ({
  eventIds: Array.from({ length: count }, () => randomUUID()),
  metadata: { correlationId: randomUUID(), causationId: null, actorId, occurredAt: at },
});

const line = (productId: string): OrderLine => ({ productId, sku: `sku-${productId}`, name: 'Thing', quantity: 1, unitPrice: money(1_000, 'EUR'), lineTotal: money(1_000, 'EUR') });

/** The order and what became of it: confirmed, rejected, cancelled while pending, or still pending. */
export function anOrder(customerId: string, productIds: readonly string[], outcome: 'confirmed' | 'rejected' | 'cancelled' | 'pending', at = new Date().toISOString()): StreamEvents {
  const orderId = randomUUID();
  const lines = productIds.map(line);
  const placed = {
    type: 'OrderPlaced' as const,
    data: {
      orderId,
      customerId,
      lines,
      total: money(1_000 * lines.length, 'EUR'),
      shippingAddress: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      paymentMethod: { method: 'card' as const, token: 'tok_visa' },
      placedAt: at,
    },
  };
  const settled =
    outcome === 'confirmed'
      ? [{ type: 'OrderConfirmed' as const, data: { orderId, paymentId: randomUUID(), confirmedAt: at } }]
      : outcome === 'rejected'
        ? [{ type: 'OrderRejected' as const, data: { orderId, reason: 'insufficient_stock' as const, rejectedAt: at } }]
        : outcome === 'cancelled'
          ? [{ type: 'OrderCancelled' as const, data: { orderId, reason: 'payment_declined' as const, previousStatus: 'pending' as const, cancelledAt: at } }]
          : [];
  const events = [placed, ...settled];
  return { streamId: orderStream(orderId), events: encodeEvents(orderEvents, events, envelope(events.length, at, customerId)) };
}

/** A product viewed in a browsing session, by a signed-in customer or (null) an anonymous visitor. */
export function aView(sessionId: string, productId: string, userId: string | null, at = new Date().toISOString()): StreamEvents {
  const events = [{ type: 'ProductViewed' as const, data: { sessionId, productId, userId, viewedAt: at } }];
  return { streamId: browsingSessionStream(sessionId), events: encodeEvents(browsingSessionEvents, events, envelope(1, at, userId)) };
}

/** A product created in a category, with attributes. */
export function aProduct(productId: string, categoryId: string, attributes: Attributes, at = new Date().toISOString()): StreamEvents {
  const data = { productId, sku: `sku-${productId}`, name: 'Thing', description: 'A thing.', price: money(1_000, 'EUR'), categoryId, attributes: { ...attributes }, createdAt: at };
  return { streamId: productStream(productId), events: encodeEvents(productEvents, [{ type: 'ProductCreated' as const, data }], envelope(1, at, null)) };
}

/** A customer's registration. */
export function aUser(userId: string, email: string, name: string, at = new Date().toISOString()): StreamEvents {
  const events = [{ type: 'UserRegistered' as const, data: { userId, email, name, passwordHash: 'scrypt$not-a-real-hash', roles: ['customer' as const], registeredAt: at } }];
  return { streamId: userStream(userId), events: encodeEvents(userEvents, events, envelope(1, at, userId)) };
}
