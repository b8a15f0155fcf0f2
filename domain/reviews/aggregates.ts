import { reviewEvents } from './events.js';
import { reviewDecider } from './review.js';

/** The review aggregate: its rules and its event definitions, for the command handlers. */
export const reviewAggregate = { decider: reviewDecider, events: reviewEvents } as const;
