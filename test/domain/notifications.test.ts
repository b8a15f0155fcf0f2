import { describe, expect, it } from 'vitest';
import type { RecordNotificationOutcome, SetNotificationPreferences } from '../../domain/notifications/commands.js';
import { notificationDeliveryDecider, notificationStream } from '../../domain/notifications/delivery-record.js';
import { notificationDeliveryEvents, notificationPreferencesEvents, type NotificationDeliveryEvent, type NotificationPreferencesEvent } from '../../domain/notifications/events.js';
import { defaultNotificationPreferences, notificationPreferencesDecider, notificationPreferencesStream } from '../../domain/notifications/preferences.js';
import { stateFrom } from '../../domain/shared/decider.js';
import { specify } from './spec.js';

const userId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const at = '2026-11-26T12:00:00.000Z';
const phone = '+14155550123';
const pushEndpoint = 'https://push.example.com/devices/42';

const set = (choices: Omit<SetNotificationPreferences, 'type' | 'userId' | 'at'>): SetNotificationPreferences => ({ type: 'SetNotificationPreferences', userId, ...choices, at });
const wasSet = (data: { email: boolean; sms: boolean; push: boolean; phone: string | null; pushEndpoint: string | null }): NotificationPreferencesEvent => ({
  type: 'NotificationPreferencesSet',
  data: { userId, ...data, setAt: at },
});

const preferences = specify(notificationPreferencesDecider);

describe('notification preferences', () => {
  it('have one stream per user and start as email only', () => {
    expect(notificationPreferencesStream(userId)).toBe(`notification-preferences-${userId}`);
    expect(stateFrom(notificationPreferencesDecider, [])).toEqual({ email: true, sms: false, push: false, phone: null, pushEndpoint: null });
    expect(defaultNotificationPreferences.email).toBe(true);
  });

  it('records the channels chosen, with the phone and push endpoint, in events that match their schema', () => {
    const event = wasSet({ email: false, sms: true, push: true, phone, pushEndpoint });
    preferences.given([]).when(set({ email: false, sms: true, push: true, phone, pushEndpoint })).then([event]);
    expect(notificationPreferencesEvents[0].schema.safeParse(event.data).success).toBe(true);
  });

  it('keeps the phone and endpoint on record when they are omitted, and removes them on null', () => {
    const withBoth = wasSet({ email: true, sms: true, push: true, phone, pushEndpoint });
    preferences.given([withBoth]).when(set({ email: true, sms: false, push: true })).then([wasSet({ email: true, sms: false, push: true, phone, pushEndpoint })]);
    preferences.given([withBoth]).when(set({ email: true, sms: false, push: false, phone: null, pushEndpoint: null })).then([wasSet({ email: true, sms: false, push: false, phone: null, pushEndpoint: null })]);
  });

  it('appends nothing when the preferences are already what is asked', () => {
    preferences.given([]).when(set({ email: true, sms: false, push: false })).then([]);
    const current = wasSet({ email: false, sms: true, push: false, phone, pushEndpoint: null });
    preferences.given([current]).when(set({ email: false, sms: true, push: false })).then([]);
  });

  it('refuses SMS without a phone number and push without an endpoint', () => {
    preferences.given([]).when(set({ email: true, sms: true, push: false })).thenRejected('unprocessable', /phone/);
    preferences.given([]).when(set({ email: true, sms: false, push: true })).thenRejected('unprocessable', /push endpoint/);
    preferences.given([wasSet({ email: true, sms: true, push: false, phone, pushEndpoint: null })]).when(set({ email: true, sms: true, push: false, phone: null })).thenRejected('unprocessable', /phone/);
  });

  it('refuses a phone number that is not E.164 and an endpoint that is not an http(s) URL', () => {
    preferences.given([]).when(set({ email: true, sms: true, push: false, phone: '0155 5501' })).thenRejected('unprocessable', /E\.164/);
    preferences.given([]).when(set({ email: true, sms: false, push: true, pushEndpoint: 'ftp://push.example.com' })).thenRejected('unprocessable', /URL/);
  });
});

describe("a notification's delivery record", () => {
  const delivery = specify(notificationDeliveryDecider);
  const notificationId = '0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00';
  const record = (outcome: RecordNotificationOutcome['outcome']): RecordNotificationOutcome => ({ type: 'RecordNotificationOutcome', notificationId, userId, channel: 'sms', template: 'order_confirmed', outcome });
  const sent: NotificationDeliveryEvent = { type: 'NotificationSent', data: { notificationId, userId, channel: 'sms', template: 'order_confirmed', sentAt: at } };
  const failed: NotificationDeliveryEvent = { type: 'NotificationFailed', data: { notificationId, userId, channel: 'sms', template: 'order_confirmed', attempts: 10, failedAt: at } };

  it('lives in the stream notification-<notificationId>', () => {
    expect(notificationStream(notificationId)).toBe(`notification-${notificationId}`);
  });
  it('records a notification sent, or given up after its attempts, with no address', () => {
    delivery.given([]).when(record({ status: 'sent', at })).then([sent]);
    delivery.given([]).when(record({ status: 'failed', attempts: 10, at })).then([failed]);
    for (const event of [sent, failed]) expect(notificationDeliveryEvents.find((definition) => definition.type === event.type)?.schema.safeParse(event.data).success).toBe(true);
  });
  it('ends once: recording it again changes nothing', () => {
    delivery.given([sent]).when(record({ status: 'sent', at })).then([]);
    delivery.given([failed]).when(record({ status: 'sent', at })).then([]);
  });
});
