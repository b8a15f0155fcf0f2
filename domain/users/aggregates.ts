import { emailReservationDecider } from './email-reservation.js';
import { emailReservationEvents, sessionEvents, userEvents } from './events.js';
import { sessionDecider } from './session.js';
import { userDecider } from './user.js';

/** The users context's aggregates: their rules and event definitions, for the command handlers. */
export const userAggregate = { decider: userDecider, events: userEvents } as const;
export const emailReservationAggregate = { decider: emailReservationDecider, events: emailReservationEvents } as const;
export const sessionAggregate = { decider: sessionDecider, events: sessionEvents } as const;
