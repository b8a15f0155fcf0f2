import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryStream } from '../../domain/catalog/category.js';
import { categoryEvents, productEvents, skuReservationEvents } from '../../domain/catalog/events.js';
import { productStream } from '../../domain/catalog/product.js';
import { skuReservationStream } from '../../domain/catalog/sku-reservation.js';
import { allEventDefinitions, eventCatalogue, eventDefinitionOf, upcast } from '../../domain/event-catalogue.js';
import { inventoryEvents } from '../../domain/inventory/events.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import { notificationStream } from '../../domain/notifications/delivery-record.js';
import { notificationDeliveryEvents, notificationPreferencesEvents } from '../../domain/notifications/events.js';
import { notificationPreferencesStream } from '../../domain/notifications/preferences.js';
import { orderEvents } from '../../domain/ordering/events.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentEvents } from '../../domain/payments/events.js';
import { paymentStream } from '../../domain/payments/payment.js';
import { reviewEvents } from '../../domain/reviews/events.js';
import { reviewStream } from '../../domain/reviews/review.js';
import type { AnyEventDefinition } from '../../domain/shared/event-catalogue.js';
import { ERASED } from '../../domain/shared/personal-data.js';
import { browsingSessionStream } from '../../domain/tracking/browsing-session.js';
import { browsingSessionEvents } from '../../domain/tracking/events.js';
import { emailReservationStream } from '../../domain/users/email-reservation.js';
import { emailReservationEvents, sessionEvents, userEvents } from '../../domain/users/events.js';
import { sessionStream } from '../../domain/users/session.js';
import { userStream } from '../../domain/users/user.js';
import { valueAt } from '../../domain/shared/data-paths.js';
import { contextOf } from '../../projections/kafka-bridge/topics.js';

const DOMAIN = join(import.meta.dirname, '../../domain');

/** The type of every `defineEvent('<Type>', …)` call in the domain's source, found by reading it rather than by importing. */
function definedTypes(): string[] {
  return readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith('shared'))
    .flatMap((file) => [...readFileSync(join(DOMAIN, file), 'utf8').matchAll(/defineEvent\(\s*'(\w+)'/g)].map((match) => match[1] ?? ''));
}

/** Each aggregate's stream and its events: where the Kafka bridge sends them is decided by the stream's name. */
const streamsOfAggregates: readonly (readonly [stream: string, events: readonly AnyEventDefinition[]])[] = [
  [userStream('u'), userEvents],
  [emailReservationStream('e'), emailReservationEvents],
  [sessionStream('s'), sessionEvents],
  [categoryStream('c'), categoryEvents],
  [skuReservationStream('SKU-1'), skuReservationEvents],
  [productStream('p'), productEvents],
  [inventoryStream('p'), inventoryEvents],
  [orderStream('o'), orderEvents],
  [paymentStream('p'), paymentEvents],
  [reviewStream('r'), reviewEvents],
  [notificationPreferencesStream('u'), notificationPreferencesEvents],
  [notificationStream('n'), notificationDeliveryEvents],
  [browsingSessionStream('b'), browsingSessionEvents],
];

const contextOfType = new Map<string, string>(Object.entries(eventCatalogue).flatMap(([context, definitions]) => definitions.map((definition) => [definition.type, context])));

describe('the event catalogue', () => {
  it('holds every event type the domain defines, exactly once', () => {
    const catalogued = allEventDefinitions.map((definition) => definition.type);
    expect(definedTypes().sort()).toEqual([...catalogued].sort());
    expect(new Set(catalogued).size).toBe(catalogued.length);
    expect(catalogued).toHaveLength(39);
  });

  it('finds a definition by its type, and none for a type no context defines', () => {
    expect(eventDefinitionOf('OrderPlaced')?.withheld).toEqual(['paymentMethod.token']);
    expect(eventDefinitionOf('ThingHappened')).toBeUndefined();
  });

  it('upcasts older data through each upcaster to the current version, and stops at a version without one', () => {
    const data = { userId: 'u', email: 'ada@example.test', name: 'Ada' };
    expect(upcast('UserRegistered', 1, data)).toEqual({ version: 2, data });
    expect(upcast('UserRegistered', 2, data)).toEqual({ version: 2, data });
    expect(upcast('OrderDelivered', 1, data)).toEqual({ version: 1, data });
    expect(upcast('UserRegistered', 0, data)).toEqual({ version: 0, data });
    expect(upcast('ThingHappened', 1, data)).toEqual({ version: 1, data });
  });

  it('names a subject and fields that exist for every event holding personal data, each field accepting the erased marker', () => {
    const personal = allEventDefinitions.filter((definition) => definition.personal !== undefined).map((definition) => definition.type);
    expect(personal.sort()).toEqual(['EmailReserved', 'NotificationPreferencesSet', 'OrderPlaced', 'UserRegistered']);
    const samples: Record<string, Record<string, unknown>> = {
      UserRegistered: { userId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01', email: ERASED, name: ERASED, passwordHash: 'h', roles: ['customer'], registeredAt: '2026-11-26T12:00:00.000Z' },
      EmailReserved: { email: ERASED, userId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01', reservedAt: '2026-11-26T12:00:00.000Z' },
      NotificationPreferencesSet: { userId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01', email: true, sms: true, push: true, phone: ERASED, pushEndpoint: ERASED, setAt: '2026-11-26T12:00:00.000Z' },
      OrderPlaced: {
        orderId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c02',
        customerId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01',
        lines: [{ productId: '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c03', sku: 's', name: 'Thing', quantity: 1, unitPrice: { amount: 1, currency: 'EUR' }, lineTotal: { amount: 1, currency: 'EUR' } }],
        total: { amount: 1, currency: 'EUR' },
        shippingAddress: { name: ERASED, line1: ERASED, line2: ERASED, city: ERASED, postalCode: ERASED, country: 'GB' },
        paymentMethod: { method: 'card', token: 't' },
        placedAt: '2026-11-26T12:00:00.000Z',
      },
    };
    for (const type of personal) {
      const definition = eventDefinitionOf(type);
      const sample = samples[type] ?? {};
      expect(typeof valueAt(sample, definition?.personal?.subject ?? ''), `${type}'s subject`).toBe('string');
      for (const field of definition?.personal?.fields ?? []) expect(valueAt(sample, field), `${type}.${field}`).toBe(ERASED);
      expect(definition?.schema.safeParse(sample).success, type).toBe(true);
    }
  });

  it('knows the stream of every aggregate', () => {
    expect(streamsOfAggregates.flatMap(([, events]) => events.map((definition) => definition.type)).sort()).toEqual(allEventDefinitions.map((definition) => definition.type).sort());
  });

  it.each(streamsOfAggregates.map(([stream, events]) => ({ stream, events })))('puts the events of $stream in the context whose topic the bridge sends them to', ({ stream, events }) => {
    for (const definition of events) expect(contextOf(stream), `the bridge's context for ${definition.type}`).toBe(contextOfType.get(definition.type));
  });
});
