import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { NotificationPreferencesCommand, SetNotificationPreferences } from './commands.js';
import { PhoneNumberSchema, PushEndpointSchema, type NotificationPreferencesEvent } from './events.js';

/** Which channels a user wants notifications on, and where SMS and push go. */
export interface NotificationPreferences {
  readonly email: boolean;
  readonly sms: boolean;
  readonly push: boolean;
  readonly phone: string | null;
  readonly pushEndpoint: string | null;
}

/** Until a user says otherwise, notifications go by email only: the one address every account has. */
export const defaultNotificationPreferences: NotificationPreferences = { email: true, sms: false, push: false, phone: null, pushEndpoint: null };

export const notificationPreferencesStream = (userId: string): string => `notification-preferences-${userId}`;

const same = (a: NotificationPreferences, b: NotificationPreferences): boolean =>
  a.email === b.email && a.sms === b.sms && a.push === b.push && a.phone === b.phone && a.pushEndpoint === b.pushEndpoint;

function set(command: SetNotificationPreferences, state: NotificationPreferences): Decision<NotificationPreferencesEvent> {
  const wanted: NotificationPreferences = {
    email: command.email,
    sms: command.sms,
    push: command.push,
    phone: command.phone === undefined ? state.phone : command.phone,
    pushEndpoint: command.pushEndpoint === undefined ? state.pushEndpoint : command.pushEndpoint,
  };
  if (wanted.phone !== null && !PhoneNumberSchema.safeParse(wanted.phone).success) return reject('unprocessable', 'the phone number must be in E.164 form');
  if (wanted.pushEndpoint !== null && !PushEndpointSchema.safeParse(wanted.pushEndpoint).success) return reject('unprocessable', 'the push endpoint must be an http(s) URL');
  if (wanted.sms && wanted.phone === null) return reject('unprocessable', 'SMS notifications need a phone number');
  if (wanted.push && wanted.pushEndpoint === null) return reject('unprocessable', 'push notifications need a push endpoint');
  // Setting what is already set changes nothing, so a repeated PUT appends nothing.
  if (same(wanted, state)) return [];
  return [{ type: 'NotificationPreferencesSet', data: { userId: command.userId, ...wanted, setAt: command.at } }];
}

export const notificationPreferencesDecider: Decider<NotificationPreferencesCommand, NotificationPreferencesEvent, NotificationPreferences> = {
  initialState: defaultNotificationPreferences,
  // One command and one event type so far: no dispatch on `type` needed.
  decide: set,
  evolve(_state, event) {
    const { email, sms, push, phone, pushEndpoint } = event.data;
    return { email, sms, push, phone, pushEndpoint };
  },
};
