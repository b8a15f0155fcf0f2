import { z } from 'zod';
import type { Environment } from '../environment.js';
import type { MessageClock } from '../message-clock.js';
import { queryRows } from '../sql.js';
import { examples, type InvariantResult, checked } from './result.js';

const CountSchema = z.object({ n: z.coerce.number() });
const DeliverySchema = z.object({ notification_id: z.string(), attempts: z.coerce.number() });

/**
 * The SMTP sink received no Message-ID twice, and every email delivery recorded as sent arrived. For a
 * repeat: when its copies arrived (and which fault was on then), and the delivery row's attempts.
 */
export function checkNoNotificationTwice(env: Environment, clock: MessageClock, when: (at: number) => string): Promise<InvariantResult> {
  return checked('no notification sent twice', async () => {
    const arrivals = new Map<string, number[]>();
    env.smtp.messages.forEach((message, index) => {
      const id = message.headers.get('message-id') ?? '';
      arrivals.set(id, [...(arrivals.get(id) ?? []), clock.arrivals[index] ?? 0]);
    });
    const repeated = [...arrivals].filter(([, times]) => times.length > 1);
    const ids = repeated.map(([id]) => id.replace(/^<|@.*$/g, ''));
    const attempts = new Map((await queryRows(env.readModelUrl, DeliverySchema, 'SELECT notification_id::text, attempts FROM notification_deliveries WHERE notification_id::text = ANY($1)', [ids])).map((row) => [row.notification_id, row.attempts]));
    const byFault = new Map<string, number>();
    for (const [, times] of repeated) {
      const label = when(times[0] ?? 0);
      byFault.set(label, (byFault.get(label) ?? 0) + 1);
    }
    const described = repeated.map(([id, times]) => {
      const first = times[0] ?? 0;
      return `${id} ×${times.length} (first ${when(first)}, again after ${times.slice(1).map((t) => ((t - first) / 1000).toFixed(1)).join('/')} s, attempts ${attempts.get(id.replace(/^<|@.*$/g, '')) ?? '?'})`;
    });
    const [sent] = await queryRows(env.readModelUrl, CountSchema, "SELECT count(*) AS n FROM notification_deliveries WHERE channel = 'email' AND status = 'sent'");
    const [events] = await queryRows(env.eventStoreUrl, CountSchema, "SELECT count(*) AS n FROM es_events WHERE type = 'NotificationSent' AND data->>'channel' = 'email'");
    const deliveries = sent?.n ?? 0;
    return {
      pass: repeated.length === 0 && arrivals.size === deliveries,
      detail:
        `${env.smtp.messages.length} emails received, ${arrivals.size} distinct Message-IDs; ${deliveries} email deliveries sent, ${events?.n ?? 0} NotificationSent (email) events; ` +
        `sent more than once: ${repeated.length}${repeated.length === 0 ? '' : ` (first copy: ${[...byFault].map(([label, n]) => `${label} ${n}`).join(', ')})`}${examples(described, 4)}`,
    };
  });
}
