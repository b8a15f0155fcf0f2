export interface SetNotificationPreferences {
  readonly type: 'SetNotificationPreferences';
  readonly userId: string;
  readonly email: boolean;
  readonly sms: boolean;
  readonly push: boolean;
  /** Absent keeps the number on record; `null` removes it. */
  readonly phone?: string | null;
  /** Absent keeps the endpoint on record; `null` removes it. */
  readonly pushEndpoint?: string | null;
  readonly at: string;
}

export type NotificationPreferencesCommand = SetNotificationPreferences;
