import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import { sqlStateOf } from '../postgres/errors.js';
import type { SqlExecutor } from '../postgres/sql-database.js';

/** Postgres's code for a table that does not exist. */
const UNDEFINED_TABLE = '42P01';

const CountRowsSchema = z.array(z.looseObject({ n: z.number().int() }));

/** A label and the SQL expression (over the table's columns) that gives its value. */
type LabelColumn = readonly [label: string, expression: string];

/** Counts of a `GROUP BY` of the label columns, read when Prometheus scrapes; a missing table (role never run here) counts nothing. */
async function countsOf(db: SqlExecutor, table: string, labels: readonly LabelColumn[]): Promise<{ labels: Record<string, string>; n: number }[]> {
  const columns = labels.map(([label, expression]) => `(${expression})::text AS "${label}"`).join(', ');
  const { rows } = await db.query(`SELECT ${columns}, count(*)::int AS n FROM ${table} GROUP BY ${labels.map((_, index) => index + 1).join(', ')}`).catch((error: unknown) => {
    if (sqlStateOf(error) === UNDEFINED_TABLE) return { rows: [] };
    throw error;
  });
  return CountRowsSchema.parse(rows).map((row) => ({ labels: Object.fromEntries(labels.map(([label]) => [label, String(row[label])])), n: row.n }));
}

/** A gauge of the rows of `table` by label columns, counted at each scrape. */
function countingGauge(registry: Registry, db: SqlExecutor, name: string, help: string, table: string, labels: readonly LabelColumn[]): void {
  new Gauge({
    name,
    help,
    labelNames: labels.map(([label]) => label),
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels: values, n } of await countsOf(db, table, labels)) this.set(values, n);
    },
  });
}

/**
 * The order saga's jobs by kind and status, its instances by state (from the orders read model) (a `payment_timeout` job `done` is a timeout that fired;
 * `cancelled`, one the payment's answer made moot) and the notifications by channel and delivery
 * status, as the shared database holds them: the same figures whichever process is scraped, and
 * they survive restarts.
 */
export function registerWorkflowGauges(registry: Registry, db: SqlExecutor): void {
  countingGauge(registry, db, 'shopverse_saga_jobs', "The order saga's jobs by kind (react, authorize_payment, payment_timeout) and status (pending, done, cancelled, failed)", 'saga_jobs', [['kind', 'kind'], ['status', 'status']]);
  // An order's saga runs while the order is pending and ends with it confirmed, rejected or cancelled (what follows is fulfilment).
  countingGauge(registry, db, 'shopverse_saga_instances', 'Order sagas by state: running (order pending), confirmed, rejected, cancelled, or after confirmation (shipped, delivered, refunded)', 'orders', [['saga', "'order'"], ['state', "CASE status WHEN 'pending' THEN 'running' ELSE status END"]]);
  countingGauge(registry, db, 'shopverse_notifications', 'Notifications by channel (email, sms, push) and delivery status (pending, sent, failed)', 'notification_deliveries', [['channel', 'channel'], ['status', 'status']]);
}
