import type { Decider, Decision } from '../shared/decider.js';
import type { NotificationDeliveryCommand, RecordNotificationOutcome } from './commands.js';
import type { NotificationDeliveryEvent } from './events.js';

/** A notification's delivery as the history knows it: under way until it ended, sent or given up. */
export type NotificationDeliveryState = { readonly status: 'under_way' } | { readonly status: 'sent' | 'failed' };

export const notificationStream = (notificationId: string): string => `notification-${notificationId}`;

function record(command: RecordNotificationOutcome, state: NotificationDeliveryState): Decision<NotificationDeliveryEvent> {
  // A delivery ends once: recording it again (a retried recording) changes nothing.
  if (state.status !== 'under_way') return [];
  const { notificationId, userId, channel, template, outcome } = command;
  return outcome.status === 'sent'
    ? [{ type: 'NotificationSent', data: { notificationId, userId, channel, template, sentAt: outcome.at } }]
    : [{ type: 'NotificationFailed', data: { notificationId, userId, channel, template, attempts: outcome.attempts, failedAt: outcome.at } }];
}

export const notificationDeliveryDecider: Decider<NotificationDeliveryCommand, NotificationDeliveryEvent, NotificationDeliveryState> = {
  initialState: { status: 'under_way' },
  decide: (command, state) => record(command, state),
  evolve(_state, event) {
    return { status: event.type === 'NotificationSent' ? 'sent' : 'failed' };
  },
};
