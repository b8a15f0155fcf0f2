import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import { sqlStateOf } from '../postgres/errors.js';
import type { SqlExecutor } from '../postgres/sql-database.js';

/** Postgres's code for a table that does not exist. */
const UNDEFINED_TABLE = '42P01';

const CountRowsSchema = z.array(z.object({ a: z.string(), b: z.string(), n: z.number().int() }));

/** Counts of a `GROUP BY` of two columns, read when Prometheus scrapes; a missing table (role never run here) counts nothing. */
async function countsOf(db: SqlExecutor, table: string, first: string, second: string): Promise<z.infer<typeof CountRowsSchema>> {
  const { rows } = await db.query(`SELECT ${first}::text AS a, ${second}::text AS b, count(*)::int AS n FROM ${table} GROUP BY 1, 2`).catch((error: unknown) => {
    if (sqlStateOf(error) === UNDEFINED_TABLE) return { rows: [] };
    throw error;
  });
  return CountRowsSchema.parse(rows);
}

/** A gauge of the rows of `table` by two of its columns, counted at each scrape. */
function countingGauge(registry: Registry, db: SqlExecutor, name: string, help: string, table: string, [first, second]: readonly [string, string]): void {
  new Gauge({
    name,
    help,
    labelNames: [first, second],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { a, b, n } of await countsOf(db, table, first, second)) this.set({ [first]: a, [second]: b }, n);
    },
  });
}

/**
 * The order saga's jobs by kind and status (a `payment_timeout` job `done` is a timeout that fired;
 * `cancelled`, one the payment's answer made moot) and the notifications by channel and delivery
 * status, as the shared database holds them: the same figures whichever process is scraped, and
 * they survive restarts.
 */
export function registerWorkflowGauges(registry: Registry, db: SqlExecutor): void {
  countingGauge(registry, db, 'shopverse_saga_jobs', "The order saga's jobs by kind (react, authorize_payment, payment_timeout) and status (pending, done, cancelled, failed)", 'saga_jobs', ['kind', 'status']);
  countingGauge(registry, db, 'shopverse_notifications', 'Notifications by channel (email, sms, push) and delivery status (pending, sent, failed)', 'notification_deliveries', ['channel', 'status']);
}
