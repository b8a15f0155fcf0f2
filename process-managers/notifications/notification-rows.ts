import { v5 as uuidv5 } from 'uuid';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Destination, RecipientRow } from './recipient-rows.js';
import type { NotificationContent } from './templates.js';

// Fixed namespace: a notification's id derives from what caused it, so deriving it again finds it.
const NOTIFICATION_ID_NAMESPACE = '5b0f7d2e-3c41-4e8a-9f26-1a7c9e4d8b53';

/** A row of `notifications` as written (positions and times as strings, as JSON carries them). */
export interface NotificationRow {
  readonly notification_id: string;
  readonly user_id: string;
  readonly channel: Destination['channel'];
  readonly template: NotificationContent['template'];
  readonly data: NotificationContent['data'];
  readonly address: string;
  readonly correlation_id: string;
  readonly causation_id: string;
  readonly created_at: string;
  readonly position: string;
}

/** One notification per destination of the recipient, with ids derived from (causing event, channel, recipient). */
export function notificationsTo(recipient: RecipientRow, destinations: readonly Destination[], content: NotificationContent, cause: RecordedEvent, at: string): NotificationRow[] {
  return destinations.map(({ channel, address }) => ({
    notification_id: uuidv5(`${cause.eventId}/${channel}/${recipient.user_id}`, NOTIFICATION_ID_NAMESPACE),
    user_id: recipient.user_id,
    channel,
    template: content.template,
    data: content.data,
    address,
    correlation_id: cause.metadata.correlationId,
    causation_id: cause.eventId,
    created_at: at,
    position: cause.position.toString(),
  }));
}

const COLUMNS = 'notification_id, user_id, channel, template, data, address, correlation_id, causation_id, created_at, position';

/**
 * Adds the notifications not there yet, each with its pending delivery row, in one statement. Both
 * ignore ids they already hold, so a batch applied again, or a rebuild, adds nothing and resets no
 * delivery. The delivery table is named with its schema: it lives outside any rebuild (see schema.ts).
 */
export async function insertNotifications(tx: SqlExecutor, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `WITH batch AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(notification_id uuid, user_id uuid, channel text, template text, data jsonb, address text,
                                                        correlation_id text, causation_id uuid, created_at timestamptz, position bigint)
     ), added AS (
       INSERT INTO notifications (${COLUMNS}) SELECT ${COLUMNS} FROM batch ON CONFLICT (notification_id) DO NOTHING
     )
     INSERT INTO public.notification_deliveries (notification_id, channel, next_attempt_at)
       SELECT notification_id, channel, now() FROM batch
     ON CONFLICT (notification_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
