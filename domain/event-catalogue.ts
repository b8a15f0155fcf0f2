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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data without the field at `path` (copied along the path, the given data stays as it is). */
function withoutField(data: Readonly<Record<string, unknown>>, [field, ...rest]: readonly string[]): Readonly<Record<string, unknown>> {
  if (field === undefined || !Object.hasOwn(data, field)) return data;
  if (rest.length === 0) return Object.fromEntries(Object.entries(data).filter(([name]) => name !== field));
  const nested = data[field];
  return isRecord(nested) ? { ...data, [field]: withoutField(nested, rest) } : data;
}

/**
 * An event's data as anyone outside the write side may see it (Kafka subscribers, auditors): its
 * definition's withheld fields (secrets: password and token hashes, card tokens) removed; the data
 * of a type no context defines as it is.
 */
export function visibleData(type: string, data: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const withheld = eventDefinitionOf(type)?.withheld ?? [];
  return withheld.reduce((visible, path) => withoutField(visible, path.split('.')), data);
}

/** The names of every withheld field (the last part of each path), for views of state built from such events. */
export const withheldFieldNames: ReadonlySet<string> = new Set(allEventDefinitions.flatMap((definition) => definition.withheld.map((path) => path.split('.').at(-1) ?? path)));
