import { catalogEvents } from './catalog/events.js';
import { inventoryEvents } from './inventory/events.js';
import { notificationDeliveryEvents, notificationPreferencesEvents } from './notifications/events.js';
import { orderEvents } from './ordering/events.js';
import { paymentEvents } from './payments/events.js';
import { reviewEvents } from './reviews/events.js';
import { withoutFieldAt, withStringsReplaced } from './shared/data-paths.js';
import type { AnyEventDefinition } from './shared/event-catalogue.js';
import { ERASED } from './shared/personal-data.js';
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
  notifications: [...notificationPreferencesEvents, ...notificationDeliveryEvents],
  tracking: browsingSessionEvents,
} as const satisfies Record<string, readonly AnyEventDefinition[]>;

export const allEventDefinitions: readonly AnyEventDefinition[] = Object.values(eventCatalogue).flat();

const definitionsByType = new Map(allEventDefinitions.map((definition) => [definition.type, definition]));

/** The current definition of an event type; undefined for a type no context defines. */
export function eventDefinitionOf(type: string): AnyEventDefinition | undefined {
  return definitionsByType.get(type);
}

/**
 * An event's data as anyone outside the write side may see it (Kafka subscribers, auditors): its
 * definition's withheld fields (secrets: password and token hashes, card tokens) removed; the data
 * of a type no context defines as it is.
 */
export function visibleData(type: string, data: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const withheld = eventDefinitionOf(type)?.withheld ?? [];
  return withheld.reduce((visible, path) => withoutFieldAt(visible, path), data);
}

/**
 * The data as its type's current version has it, upcast through each version's upcaster in turn, with
 * the version reached: the current one, or the first older one that has no upcaster (unreadable).
 */
export function upcast(type: string, version: number, data: Readonly<Record<string, unknown>>): { readonly version: number; readonly data: Readonly<Record<string, unknown>> } {
  const definition = eventDefinitionOf(type);
  let current = { version, data };
  while (definition !== undefined && current.version < definition.schemaVersion) {
    const upcaster = definition.upcasters[current.version];
    if (upcaster === undefined) break;
    current = { version: current.version + 1, data: upcaster(current.data) };
  }
  return current;
}

/** The data with its personal fields erased: for copies that need none of them (and would outlive an erasure). */
export function withoutPersonalData(type: string, data: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const personal = eventDefinitionOf(type)?.personal;
  return personal === undefined ? data : withStringsReplaced(data, personal.fields, () => ERASED);
}

/** The names of every withheld field (the last part of each path), for views of state built from such events. */
export const withheldFieldNames: ReadonlySet<string> = new Set(allEventDefinitions.flatMap((definition) => definition.withheld.map((path) => path.split('.').at(-1) ?? path)));
