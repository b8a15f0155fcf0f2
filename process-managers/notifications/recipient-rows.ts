import { z } from 'zod';
import { defaultNotificationPreferences, type NotificationPreferences } from '../../domain/notifications/preferences.js';
import type { KeyedTable } from '../../projections/runner/keyed-rows.js';

const PositionSchema = z.string().regex(/^\d+$/);

/** Who a user is, as notifications need it: the address every account has, the name to greet, the roles (admins get restock alerts). */
const RecipientRowSchema = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  position: PositionSchema,
});
export type RecipientRow = z.infer<typeof RecipientRowSchema>;

export const recipientTable: KeyedTable<RecipientRow> = {
  table: 'notification_users',
  key: 'user_id',
  columns: { user_id: 'uuid', email: 'text', name: 'text', roles: 'text[]', position: 'bigint' },
  row: RecipientRowSchema,
};

/** A user's notification preferences once set (none until then: the defaults apply). */
const PreferencesRowSchema = z.object({
  user_id: z.uuid(),
  email: z.boolean(),
  sms: z.boolean(),
  push: z.boolean(),
  phone: z.string().nullable(),
  push_endpoint: z.string().nullable(),
  position: PositionSchema,
});
export type PreferencesRow = z.infer<typeof PreferencesRowSchema>;

export const preferencesTable: KeyedTable<PreferencesRow> = {
  table: 'notification_preferences',
  key: 'user_id',
  columns: { user_id: 'uuid', email: 'boolean', sms: 'boolean', push: 'boolean', phone: 'text', push_endpoint: 'text', position: 'bigint' },
  row: PreferencesRowSchema,
};

export type Channel = 'email' | 'sms' | 'push';

export interface Destination {
  readonly channel: Channel;
  /** The email address, phone number or push endpoint, as it stood when the notification was made. */
  readonly address: string;
}

const preferencesOf = (row: PreferencesRow | undefined): NotificationPreferences =>
  row === undefined ? defaultNotificationPreferences : { email: row.email, sms: row.sms, push: row.push, phone: row.phone, pushEndpoint: row.push_endpoint };

/** Where a user is to be told something: each channel they want that has an address (email only until they say otherwise). */
export function destinationsOf(recipient: RecipientRow, preferences: PreferencesRow | undefined): Destination[] {
  const wanted = preferencesOf(preferences);
  const destinations: Destination[] = [];
  if (wanted.email) destinations.push({ channel: 'email', address: recipient.email });
  if (wanted.sms && wanted.phone !== null) destinations.push({ channel: 'sms', address: wanted.phone });
  if (wanted.push && wanted.pushEndpoint !== null) destinations.push({ channel: 'push', address: wanted.pushEndpoint });
  return destinations;
}
