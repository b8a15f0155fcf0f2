import { createTransport } from 'nodemailer';
import type { ChannelSender, OutgoingNotification } from '../../process-managers/notifications/channel-sender.js';
import { CORRELATION_HEADER } from '../http/correlation.js';

/** The Message-ID of a notification's email: derived from its id, so a receiving system can recognise a repeat. */
export const messageIdOf = (notificationId: string): string => `<${notificationId}@notifications.shopverse>`;

/**
 * Email over SMTP (`smtp://` or `smtps://` URL, with credentials in it when the server wants them).
 * One connection per message: a server that went away costs nothing but that message's attempt. A
 * send takes at most `timeoutMs` in all, so it always ends well inside the worker's claim.
 */
export class EmailSender implements ChannelSender {
  private readonly transport;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly timeoutMs: number,
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
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
