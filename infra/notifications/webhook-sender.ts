import type { ChannelSender, OutgoingNotification } from '../../process-managers/notifications/channel-sender.js';
import { CORRELATION_HEADER } from '../http/correlation.js';

/**
 * SMS and push through the provider's HTTP webhook: a JSON POST per notification. The
 * `Idempotency-Key` (the notification id) lets the provider drop a repeat; any answer but a 2xx, and
 * any network error or timeout, is a failure to retry.
 */
export class WebhookSender implements ChannelSender {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const { notificationId, channel, to, content, rendered, correlationId } = notification;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': notificationId, [CORRELATION_HEADER]: correlationId },
      // `text` is the rendered message, so the provider needs no copy of our templates.
      body: JSON.stringify({ notificationId, channel, to, template: content.template, data: content.data, text: rendered.text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // Nothing in the answer is read: drain it so the connection can be reused.
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the notification webhook answered ${response.status}`);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
