import { paymentEvents } from './events.js';
import { paymentDecider } from './payment.js';

/** The payment aggregate: its rules and its event definitions, for the command handlers. */
export const paymentAggregate = { decider: paymentDecider, events: paymentEvents } as const;
