import { v5 as uuidv5 } from 'uuid';
import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { EmailReservationCommand, ReserveEmail } from './commands.js';
import { isEmailShaped, normalizeEmail } from './email.js';
import type { EmailReservationEvent } from './events.js';

export type EmailReservationState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly userId: string };

// Fixed namespace for email reservation ids: one stream per normalised email makes the email unique.
const EMAIL_RESERVATION_NAMESPACE = '9b3e2d4a-5f61-4c7e-8a2b-6d1f0e9c3a57';

/** The reservation of an email has an id derived from the normalised email, so variants of it share one stream. */
export function emailReservationIdFor(email: string): string {
  return uuidv5(normalizeEmail(email), EMAIL_RESERVATION_NAMESPACE);
}

export const emailReservationStream = (reservationId: string): string => `useremail-${reservationId}`;

export const emailReservationStreamFor = (email: string): string => emailReservationStream(emailReservationIdFor(email));

function reserve(command: ReserveEmail, state: EmailReservationState): Decision<EmailReservationEvent> {
  const email = normalizeEmail(command.email);
  if (!isEmailShaped(email)) return reject('unprocessable', 'the email address is not valid');
  if (state.status === 'reserved') {
    // The same user reserving again is a retried registration: nothing to do.
    return state.userId === command.userId ? [] : reject('conflict', 'email is taken');
  }
  return [{ type: 'EmailReserved', data: { email, userId: command.userId, reservedAt: command.at } }];
}

export const emailReservationDecider: Decider<EmailReservationCommand, EmailReservationEvent, EmailReservationState> = {
  initialState: { status: 'free' },
  decide(command, state) {
    return reserve(command, state);
  },
  evolve(_state, event) {
    return { status: 'reserved', userId: event.data.userId };
  },
};
