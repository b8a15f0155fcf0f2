import { notificationPreferencesAggregate } from '../../domain/notifications/aggregates.js';
import type { SetNotificationPreferences } from '../../domain/notifications/commands.js';
import { notificationPreferencesStream, type NotificationPreferences } from '../../domain/notifications/preferences.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';

export type PreferenceChoices = Omit<SetNotificationPreferences, 'type' | 'userId' | 'at'>;

export async function setNotificationPreferences(
  store: EventStore,
  userId: string,
  choices: PreferenceChoices,
  context: CommandContext,
): Promise<CommandOutcome<NotificationPreferences>> {
  return handleCommand(store, notificationPreferencesAggregate, notificationPreferencesStream(userId), { type: 'SetNotificationPreferences', userId, ...choices, at: context.occurredAt }, context);
}

export async function notificationPreferencesOf(store: EventStore, userId: string) {
  return loadAggregate(store, notificationPreferencesAggregate, notificationPreferencesStream(userId));
}
