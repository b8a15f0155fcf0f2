import { createTransport } from 'nodemailer';
import type { ChannelSender, OutgoingNotification } from '../../process-managers/notifications/channel-sender.js';

export const CORRELATION_HEADER = 'X-Correlation-Id';

/** The Message-ID of a notification's email: derived from its id, so a receiving system can recognise a repeat. */
export const messageIdOf = (notificationId: string): string => `<${notificationId}@notifications.shopverse>`;

/**
 * Email over SMTP (`smtp://` or `smtps://` URL, with credentials in it when the server wants them).
 * One connection per message: a server that went away costs nothing but that message's attempt.
 */
export class EmailSender implements ChannelSender {
  private readonly transport;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transport = createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  }

  async send(notification: OutgoingNotification): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: notification.to,
      subject: notification.rendered.subject,
      text: notification.rendered.text,
      messageId: messageIdOf(notification.notificationId),
      headers: { [CORRELATION_HEADER]: notification.correlationId },
    });
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
