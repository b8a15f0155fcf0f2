import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Channel } from './recipient-rows.js';

/** A notification claimed for sending, with what its channel adapter needs. */
const ClaimedRowSchema = z.object({
  notification_id: z.uuid(),
  user_id: z.uuid(),
  channel: z.enum(['email', 'sms', 'push']),
  template: z.string(),
  data: z.unknown(),
  address: z.string(),
  correlation_id: z.string(),
  attempts: z.number().int().positive(),
  claim: z.uuid(),
});
export type ClaimedNotification = z.infer<typeof ClaimedRowSchema>;

/**
 * Claims up to `limit` pending notifications of these channels that are due, for `claimMs`: the
 * claim moves `next_attempt_at` to its own end, so no other worker takes them meanwhile, and a worker
 * that dies while holding them lets them fall due again when it ends. SKIP LOCKED lets workers in
 * several processes claim side by side without waiting for each other. Each claim counts an attempt.
 */
export async function claimDue(db: SqlExecutor, channels: readonly Channel[], limit: number, claimMs: number): Promise<ClaimedNotification[]> {
  if (channels.length === 0) return [];
  const { rows } = await db.query(
    `WITH due AS (
       SELECT d.notification_id FROM notification_deliveries d
       -- Only notifications the read model holds (a rebuild running ahead may have queued some it does not hold yet).
       JOIN notifications n ON n.notification_id = d.notification_id
       WHERE d.status = 'pending' AND d.channel = ANY ($1::text[]) AND d.next_attempt_at <= now()
       ORDER BY d.next_attempt_at
       LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE notification_deliveries d
        SET attempts = d.attempts + 1, claim = $3, next_attempt_at = now() + make_interval(secs => $4)
       FROM due, notifications n
      WHERE d.notification_id = due.notification_id AND n.notification_id = d.notification_id
     RETURNING d.notification_id, n.user_id, n.channel, n.template, n.data, n.address, n.correlation_id, d.attempts, d.claim`,
    [channels, limit, randomUUID(), claimMs / 1000],
  );
  return z.array(ClaimedRowSchema).parse(rows);
}

/** Records the notification as sent; false when the claim was no longer ours (it ran out and another worker took over). */
export async function markSent(db: SqlExecutor, claimed: ClaimedNotification): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE notification_deliveries SET status = 'sent', sent_at = now(), claim = NULL, last_error = NULL
      WHERE notification_id = $1 AND claim = $2 RETURNING notification_id`,
    [claimed.notification_id, claimed.claim],
  );
  return rows.length === 1;
}

/** Records a failed attempt: due again after `retryInMs`, or `failed` for good when `giveUp`. */
export async function markFailed(db: SqlExecutor, claimed: ClaimedNotification, error: string, outcome: { readonly giveUp: boolean; readonly retryInMs: number }): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE notification_deliveries
        SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, next_attempt_at = now() + make_interval(secs => $4), last_error = $5, claim = NULL,
            failed_at = CASE WHEN $3 THEN now() END
      WHERE notification_id = $1 AND claim = $2 RETURNING notification_id`,
    [claimed.notification_id, claimed.claim, outcome.giveUp, outcome.retryInMs / 1000, error.slice(0, 1_000)],
  );
  return rows.length === 1;
}
