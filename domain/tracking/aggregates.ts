import { browsingSessionDecider } from './browsing-session.js';
import { browsingSessionEvents } from './events.js';

/** The tracking context's aggregates: their rules and event definitions, for the command handlers. */
export const browsingSessionAggregate = { decider: browsingSessionDecider, events: browsingSessionEvents } as const;
