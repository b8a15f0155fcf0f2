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

/** What the delivery worker records once a notification's delivery has ended, one way or the other. */
export interface RecordNotificationOutcome {
  readonly type: 'RecordNotificationOutcome';
  readonly notificationId: string;
  readonly userId: string;
  readonly channel: 'email' | 'sms' | 'push';
  readonly template: string;
  readonly outcome: { readonly status: 'sent'; readonly at: string } | { readonly status: 'failed'; readonly attempts: number; readonly at: string };
}

export type NotificationDeliveryCommand = RecordNotificationOutcome;
