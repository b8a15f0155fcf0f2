import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { handleCommand } from '../../command-handlers/handle-command.js';
import { notificationDeliveryAggregate } from '../../domain/notifications/aggregates.js';
import type { RecordNotificationOutcome } from '../../domain/notifications/commands.js';
import { notificationStream } from '../../domain/notifications/delivery-record.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { isoUtc } from '../../infra/postgres/iso-time.js';

// Fixed namespace: the recording of one delivery's end has one command id, so a retry appends nothing new.
const OUTCOME_COMMAND_NAMESPACE = '3f7a9c12-6b4e-4d2a-8f1c-5e9b0a7d3c64';

const EndedRowSchema = z.object({
  notification_id: z.uuid(),
  user_id: z.uuid(),
  channel: z.enum(['email', 'sms', 'push']),
  template: z.string(),
  correlation_id: z.string(),
  causation_id: z.uuid(),
  status: z.enum(['sent', 'failed']),
  attempts: z.number().int().positive(),
  ended_at: z.string(),
});
type EndedRow = z.infer<typeof EndedRowSchema>;

function outcomeOf(row: EndedRow): RecordNotificationOutcome['outcome'] {
  return row.status === 'sent' ? { status: 'sent', at: row.ended_at } : { status: 'failed', attempts: row.attempts, at: row.ended_at };
}

/**
 * Records the end of deliveries that ended (sent, or given up) as events of the notification's own
 * stream, in the correlation of what it announced (an order's): auditors find them with the rest of
 * it. An outbox: the delivery row says whether its end is recorded, so an event store that is down
 * delays the recording, never loses it. How many were recorded.
 */
export async function recordDeliveryOutcomes(db: SqlExecutor, store: EventStore, limit: number): Promise<number> {
  const { rows } = await db.query(
    `SELECT d.notification_id, n.user_id, d.channel, n.template, n.correlation_id, n.causation_id, d.status, d.attempts,
            ${isoUtc('COALESCE(d.sent_at, d.failed_at, now())')} AS ended_at
       FROM notification_deliveries d JOIN notifications n ON n.notification_id = d.notification_id
      WHERE d.status <> 'pending' AND NOT d.outcome_recorded
      LIMIT $1`,
    [limit],
  );
  const ended = z.array(EndedRowSchema).parse(rows);
  for (const row of ended) {
    const { notification_id: notificationId, user_id: userId, channel, template } = row;
    await handleCommand(
      store,
      notificationDeliveryAggregate,
      notificationStream(notificationId),
      { type: 'RecordNotificationOutcome', notificationId, userId, channel, template, outcome: outcomeOf(row) },
      { commandId: uuidv5(notificationId, OUTCOME_COMMAND_NAMESPACE), correlationId: row.correlation_id, causationId: row.causation_id, actorId: null, occurredAt: row.ended_at },
    );
    await db.query('UPDATE notification_deliveries SET outcome_recorded = true WHERE notification_id = $1', [notificationId]);
  }
  return ended.length;
}
