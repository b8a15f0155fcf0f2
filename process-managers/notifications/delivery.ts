import type { Logger } from 'pino';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';

export interface NotificationDeliveryOptions {
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  readonly webhookUrl: string | undefined;
}

/** Placeholder until the notifications land (process-managers issue). */
export class NotificationDelivery {
  constructor(
    readonly db: SqlDatabase,
    readonly logger: Logger,
    readonly options: NotificationDeliveryOptions,
  ) {}

  start(): void {
    this.logger.debug('notification delivery is not built yet');
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
