import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';

/** E.164: a plus, a country code and up to 15 digits in all. */
export const PhoneNumberSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, e.g. +14155550123');
/** Where push notifications for this user are posted (the push provider's endpoint for the device). */
export const PushEndpointSchema = z.url({ protocol: /^https?$/ }).max(2000);

export const NotificationPreferencesSet = defineEvent(
  'NotificationPreferencesSet',
  z.object({
    userId: z.uuid(),
    email: z.boolean(),
    sms: z.boolean(),
    push: z.boolean(),
    phone: PhoneNumberSchema.nullable(),
    pushEndpoint: PushEndpointSchema.nullable(),
    setAt: z.iso.datetime(),
  }),
);

export const notificationPreferencesEvents = [NotificationPreferencesSet] as const;

export type NotificationPreferencesEvent = EventOf<(typeof notificationPreferencesEvents)[number]>;
