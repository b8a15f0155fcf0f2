import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/**
 * Erased users leave nothing here: who they were, how to reach them and what they were told (the
 * name and address of every notification) go; so do the last errors of their deliveries (a mail
 * server's answer may quote the address). Their deliveries still due fail, never to be sent. The
 * delivery rows themselves stay, so that a rebuild, which derives the same notifications again
 * before it reaches the erasure, finds them and sends nothing.
 */
export async function eraseRecipients(tx: SqlExecutor, userIds: ReadonlySet<string>): Promise<void> {
  if (userIds.size === 0) return;
  const users = [...userIds];
  await tx.query(
    `UPDATE public.notification_deliveries d
        SET status = CASE WHEN d.status = 'pending' THEN 'failed' ELSE d.status END,
            claim = NULL,
            last_error = CASE WHEN d.status = 'pending' THEN 'the recipient was erased' ELSE NULL END,
            -- Their notifications go: no event of these deliveries' ends can name them any more.
            outcome_recorded = true
       FROM notifications n
      WHERE n.notification_id = d.notification_id AND n.user_id = ANY($1::uuid[])`,
    [users],
  );
  await tx.query('DELETE FROM notifications WHERE user_id = ANY($1::uuid[])', [users]);
  await tx.query('DELETE FROM notification_users WHERE user_id = ANY($1::uuid[])', [users]);
  await tx.query('DELETE FROM notification_preferences WHERE user_id = ANY($1::uuid[])', [users]);
}
