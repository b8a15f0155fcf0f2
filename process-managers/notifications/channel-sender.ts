import type { Channel } from './recipient-rows.js';
import type { NotificationContent, RenderedNotification } from './templates.js';

/** A notification on its way out: whom it goes to on its channel, and what it says. */
export interface OutgoingNotification {
  readonly notificationId: string;
  readonly channel: Channel;
  /** The email address, phone number or push endpoint. */
  readonly to: string;
  readonly content: NotificationContent;
  readonly rendered: RenderedNotification;
  readonly correlationId: string;
}

/**
 * A channel's provider. `send` resolves once the provider has taken the notification and rejects
 * when it did not (down, refused, timed out): the worker then tries again later.
 */
export interface ChannelSender {
  send(notification: OutgoingNotification): Promise<void>;
  close(): Promise<void>;
}
