import { inventoryEvents } from './events.js';
import { inventoryDecider } from './inventory.js';

/** The inventory aggregate (one per product): its rules and its event definitions, for the command handlers. */
export const inventoryAggregate = { decider: inventoryDecider, events: inventoryEvents } as const;
