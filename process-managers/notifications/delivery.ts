import type { Logger } from 'pino';
import { retryWhileTransient, Sleeper } from '../../infra/event-store/sleeper.js';
import { isPostgresUnavailable } from '../../infra/postgres/errors.js';
import { EmailSender } from '../../infra/notifications/email-sender.js';
import { WebhookSender } from '../../infra/notifications/webhook-sender.js';
import { redactUrl } from '../../infra/logging/redact-url.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { EventStoreUnavailableError } from '../../infra/event-store/errors.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { ChannelSender } from './channel-sender.js';
import { recordDeliveryOutcomes } from './delivery-outcomes.js';
import { claimDue, markFailed, markSent, type ClaimedNotification } from './delivery-queue.js';
import type { Channel } from './recipient-rows.js';
import { NotificationContentSchema, renderNotification } from './templates.js';

export interface NotificationDeliveryOptions {
  /** Email goes through this SMTP server; unset, email notifications stay pending. */
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  /** SMS and push go through this provider webhook; unset, they stay pending. */
  readonly webhookUrl: string | undefined;
  /** How often to look for due notifications when there was nothing to do (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Notifications claimed and sent at a time (default 20). */
  readonly batchSize?: number;
  /** Attempts before a notification is given up as `failed` (default 10). */
  readonly maxAttempts?: number;
  /** The pause after the first failed attempt, doubling with each further one (default 1 s)… */
  readonly backoffMs?: number;
  /** …up to this (default 5 min). */
  readonly maxBackoffMs?: number;
  /** How long a provider may take to accept one notification (default 20 s). */
  readonly sendTimeoutMs?: number;
  /** How long a claim lasts; longer than a send may take, so a slow send is never claimed twice (default 60 s). */
  readonly claimMs?: number;
}

const errorText = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
};

/**
 * Sends pending notifications through their channel's provider, from any number of processes at once.
 *
 * What "never twice" means here: a notification is claimed (in the database, for `claimMs`) before it
 * is sent and marked sent after, so two workers never send it at the same time and a sent one is never
 * sent again. A database away at that moment is waited for while the claim lasts. Should a worker die
 * between the provider taking a notification and marking it sent (or the database stay away longer
 * than the claim), the claim runs out and the notification is sent once more: delivery is at least once. The repeat carries the same identity (the email's Message-ID and the webhook's
 * Idempotency-Key derive from the notification id), so a receiving system can drop it.
 *
 * A failed attempt is retried after a pause that doubles from `backoffMs` up to `maxBackoffMs`, and
 * after `maxAttempts` the notification is `failed`: a provider that is down delays delivery without
 * losing anything until then.
 */
export class NotificationDelivery {
  private readonly senders = new Map<Channel, ChannelSender>();
  private readonly sleeper = new Sleeper();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly claimMs: number;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    readonly db: SqlDatabase,
    /** Where the end of each delivery is recorded (`delivery-outcomes.ts`). */
    readonly store: EventStore,
    readonly logger: Logger,
    readonly options: NotificationDeliveryOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 300_000;
    this.claimMs = options.claimMs ?? 60_000;
    const sendTimeoutMs = options.sendTimeoutMs ?? 20_000;
    // A claim that could end while its send is still under way would let another worker send it too.
    if (this.claimMs <= sendTimeoutMs) throw new Error(`notification delivery: claimMs (${this.claimMs}) must exceed sendTimeoutMs (${sendTimeoutMs})`);
    if (options.smtpUrl !== undefined) this.senders.set('email', new EmailSender(options.smtpUrl, options.smtpFrom, sendTimeoutMs));
    if (options.webhookUrl !== undefined) {
      const webhook = new WebhookSender(options.webhookUrl, sendTimeoutMs);
      this.senders.set('sms', webhook);
      this.senders.set('push', webhook);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const log = this.logger.child({ component: 'notification delivery' });
    if (this.options.smtpUrl === undefined) log.warn('SMTP_URL is not set: email notifications stay pending');
    else log.info({ smtp: redactUrl(this.options.smtpUrl) }, 'email notifications go through SMTP');
    if (this.options.webhookUrl === undefined) log.warn('NOTIFICATION_WEBHOOK_URL is not set: SMS and push notifications stay pending');
    // The webhook URL may carry the provider's key in its query: only its origin is logged.
    else log.info({ webhook: new URL(this.options.webhookUrl).origin }, 'SMS and push notifications go through the webhook');
    this.loop = this.run(log);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
    this.loop = undefined;
    await Promise.all([...new Set(this.senders.values())].map((sender) => sender.close()));
  }

  private async run(log: Logger): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const claimed = await this.deliverDue(log);
        const recorded = await this.recordOutcomes(log);
        failures = 0;
        // A full batch suggests more is due: go on at once.
        if (claimed === this.batchSize || recorded === this.batchSize) continue;
        await this.sleeper.sleep(this.pollIntervalMs);
      } catch (error) {
        // The database is down or the tables are not there yet: what was claimed falls due again when its claim ends.
        failures++;
        const delay = Math.min(this.pollIntervalMs * 2 ** failures, 10_000);
        log.warn({ err: error, retryInMs: delay }, 'notification delivery cannot reach its database');
        await this.sleeper.sleep(delay);
      }
    }
  }

  /** Records ended deliveries as events; an event store that is down only delays that (sending goes on). */
  private async recordOutcomes(log: Logger): Promise<number> {
    try {
      return await recordDeliveryOutcomes(this.db, this.store, this.batchSize);
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError)) throw error;
      log.warn({ err: error }, 'notification outcomes not recorded yet: the event store is unavailable');
      return 0;
    }
  }

  /** Claims what is due and sends it; how many were claimed. */
  private async deliverDue(log: Logger): Promise<number> {
    // Taken before the claim is made: the claim lasts at least until then.
    const claimedUntil = Date.now() + this.claimMs;
    const claimed = await claimDue(this.db, [...this.senders.keys()], this.batchSize, this.claimMs);
    await Promise.all(
      claimed.map((notification) =>
        this.deliver(notification, claimedUntil, log).catch((error: unknown) => {
          // The outcome could not be recorded: the notification falls due again when its claim ends (sent again, if it was sent).
          log.warn({ err: error, notificationId: notification.notification_id, correlationId: notification.correlation_id }, 'notification outcome not recorded');
        }),
      ),
    );
    return claimed.length;
  }

  private async deliver(claimed: ClaimedNotification, claimedUntil: number, parentLog: Logger): Promise<void> {
    const log = parentLog.child({
      notificationId: claimed.notification_id,
      correlationId: claimed.correlation_id,
      channel: claimed.channel,
      template: claimed.template,
      attempt: claimed.attempts,
    });
    const sender = this.senders.get(claimed.channel);
    if (sender === undefined) return;
    try {
      const content = NotificationContentSchema.parse({ template: claimed.template, data: claimed.data });
      await sender.send({
        notificationId: claimed.notification_id,
        channel: claimed.channel,
        to: claimed.address,
        content,
        rendered: renderNotification(content),
        correlationId: claimed.correlation_id,
      });
    } catch (error) {
      await this.recordFailure(claimed, error, log);
      return;
    }
    const marked = await this.markSentWhileClaimed(claimed, claimedUntil, log);
    if (marked === true) log.info('notification sent');
    else if (marked === false) log.warn('notification sent after its claim ran out: another worker may send it again');
    else log.warn('notification sent, but the database stayed away until its claim ran out: it will be sent again');
  }

  /**
   * The provider took it: a lost record of that would send it again once the claim runs out, so a
   * database that is away is waited for while the claim lasts. `undefined` when it never came back.
   */
  private async markSentWhileClaimed(claimed: ClaimedNotification, claimedUntil: number, log: Logger): Promise<boolean | undefined> {
    try {
      return await markSent(this.db, claimed);
    } catch (error) {
      if (!isPostgresUnavailable(error)) throw error;
      log.warn({ err: error }, 'notification sent, its database is away: recording it when it is back');
    }
    return retryWhileTransient(() => markSent(this.db, claimed), {
      sleeper: new Sleeper(),
      isTransient: isPostgresUnavailable,
      isStopped: () => !this.running || Date.now() >= claimedUntil,
      maxDelayMs: 1_000,
    });
  }

  private async recordFailure(claimed: ClaimedNotification, error: unknown, log: Logger): Promise<void> {
    const giveUp = claimed.attempts >= this.maxAttempts;
    const retryInMs = Math.min(this.backoffMs * 2 ** (claimed.attempts - 1), this.maxBackoffMs);
    await markFailed(this.db, claimed, errorText(error), { giveUp, retryInMs });
    if (giveUp) log.error({ err: error }, 'notification failed for good');
    else log.warn({ err: error, retryInMs }, 'notification not sent: retrying later');
  }
}
