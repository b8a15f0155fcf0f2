import { notificationDeliveryDecider } from './delivery-record.js';
import { notificationDeliveryEvents, notificationPreferencesEvents } from './events.js';
import { notificationPreferencesDecider } from './preferences.js';

/** The notifications context's aggregates: their rules and event definitions, for the command handlers. */
export const notificationPreferencesAggregate = { decider: notificationPreferencesDecider, events: notificationPreferencesEvents } as const;
export const notificationDeliveryAggregate = { decider: notificationDeliveryDecider, events: notificationDeliveryEvents } as const;
