import { catalogEvents } from './catalog/events.js';
import { inventoryEvents } from './inventory/events.js';
import { notificationPreferencesEvents } from './notifications/events.js';
import { orderEvents } from './ordering/events.js';
import { paymentEvents } from './payments/events.js';
import { reviewEvents } from './reviews/events.js';
import type { AnyEventDefinition } from './shared/event-catalogue.js';
import { browsingSessionEvents } from './tracking/events.js';
import { emailReservationEvents, sessionEvents, userEvents } from './users/events.js';

/** Every event ShopVerse records, by bounded context (the contexts of the Kafka bridge's topics). */
export const eventCatalogue = {
  users: [...userEvents, ...emailReservationEvents, ...sessionEvents],
  catalog: catalogEvents,
  inventory: inventoryEvents,
  ordering: orderEvents,
  payments: paymentEvents,
  reviews: reviewEvents,
  notifications: notificationPreferencesEvents,
  tracking: browsingSessionEvents,
} as const satisfies Record<string, readonly AnyEventDefinition[]>;

export const allEventDefinitions: readonly AnyEventDefinition[] = Object.values(eventCatalogue).flat();

const definitionsByType = new Map(allEventDefinitions.map((definition) => [definition.type, definition]));

/** The current definition of an event type; undefined for a type no context defines. */
export function eventDefinitionOf(type: string): AnyEventDefinition | undefined {
  return definitionsByType.get(type);
}
