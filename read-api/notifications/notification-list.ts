import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { TemplateNameSchema } from '../../process-managers/notifications/templates.js';
import { isoUtc } from '../../infra/postgres/iso-time.js';

/** One notification as its recipient sees it (API.md, "Notifications"). */
export const NotificationViewSchema = z.object({
  notificationId: z.uuid(),
  channel: z.enum(['email', 'sms', 'push']),
  template: TemplateNameSchema,
  status: z.enum(['pending', 'sent', 'failed']),
  at: z.iso.datetime().describe('when what it tells happened'),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;

const NotificationRowsSchema = z.array(
  z.object({ notification_id: z.uuid(), channel: NotificationViewSchema.shape.channel, template: TemplateNameSchema, status: NotificationViewSchema.shape.status, at: z.string() }),
);

/**
 * A user's notifications, newest first, with their delivery state (kept apart from the read model so
 * that rebuilds leave it alone; a notification whose delivery row is not there counts as pending).
 */
export async function notificationsOf(db: SqlExecutor, userId: string, limit: number): Promise<NotificationView[]> {
  const { rows } = await db.query(
    `SELECT n.notification_id, n.channel, n.template, COALESCE(d.status, 'pending') AS status, ${isoUtc('n.created_at')} AS at
       FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.notification_id
      WHERE n.user_id = $1
      ORDER BY n.position DESC, n.notification_id DESC
      LIMIT $2`,
    [userId, limit],
  );
  return NotificationRowsSchema.parse(rows).map((row) => ({ notificationId: row.notification_id, channel: row.channel, template: row.template, status: row.status, at: row.at }));
}
