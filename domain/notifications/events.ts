import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';
import { erasableFromNowOn, personal } from '../shared/personal-data.js';

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
    phone: personal(PhoneNumberSchema).nullable(),
    pushEndpoint: personal(PushEndpointSchema).nullable(),
    setAt: z.iso.datetime(),
  }),
  2,
  // The push endpoint addresses one person's device.
  { personal: { subject: 'userId', fields: ['phone', 'pushEndpoint'] }, upcasters: { 1: erasableFromNowOn } },
);

export const notificationPreferencesEvents = [NotificationPreferencesSet] as const;

export type NotificationPreferencesEvent = EventOf<(typeof notificationPreferencesEvents)[number]>;

const ChannelSchema = z.enum(['email', 'sms', 'push']);

/** A notification accepted by its channel's provider (no address: that is personal data, and it is in the notification). */
export const NotificationSent = defineEvent(
  'NotificationSent',
  z.object({ notificationId: z.uuid(), userId: z.uuid(), channel: ChannelSchema, template: z.string(), sentAt: z.iso.datetime() }),
);

/** A notification given up: its provider refused it every time it was tried (the errors stay with the delivery: they may quote the address). */
export const NotificationFailed = defineEvent(
  'NotificationFailed',
  z.object({ notificationId: z.uuid(), userId: z.uuid(), channel: ChannelSchema, template: z.string(), attempts: z.number().int().positive(), failedAt: z.iso.datetime() }),
);

export const notificationDeliveryEvents = [NotificationSent, NotificationFailed] as const;

export type NotificationDeliveryEvent = EventOf<(typeof notificationDeliveryEvents)[number]>;
