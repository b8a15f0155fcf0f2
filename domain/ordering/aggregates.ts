import { orderEvents } from './events.js';
import { orderDecider } from './order.js';

/** The order aggregate: its rules and its event definitions, for the command handlers. */
export const orderAggregate = { decider: orderDecider, events: orderEvents } as const;
