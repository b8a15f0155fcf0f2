import pg from 'pg';
import { z } from 'zod';
import { percentile } from '../support/stats.js';

const NowRow = z.array(z.object({ now: z.date() }));
const CountRow = z.array(z.object({ events: z.string() }));
const TransactionsRow = z.array(z.object({ transactions: z.string() }));
const OrderRow = z.array(z.object({ outcome: z.string().nullable(), ms: z.number().nullable() }));

export interface OrderFigures {
  readonly placed: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly rejected: number;
  /** Placed in the window and neither confirmed, cancelled nor rejected yet. */
  readonly unresolved: number;
  /** OrderPlaced → OrderConfirmed, by the event store's recorded times (ms). */
  readonly confirmationP50: number;
  readonly confirmationP99: number;
}

/** Figures read straight from the Postgres event store's table (`es_events`): exact, and cheap at the end of a step. */
export class EventStoreFigures {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<EventStoreFigures> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new EventStoreFigures(client);
  }

  /** The database's clock (what `recorded_at` is taken from). */
  async now(): Promise<Date> {
    const [row] = NowRow.parse((await this.client.query('SELECT now() AS now')).rows);
    if (row === undefined) throw new Error('no time');
    return row.now;
  }

  /** Transactions the database committed or rolled back so far (every statement outside a transaction is one); Postgres's statistics lag up to a second. */
  async transactionsSoFar(): Promise<number> {
    const { rows } = await this.client.query('SELECT (xact_commit + xact_rollback)::text AS transactions FROM pg_stat_database WHERE datname = current_database()');
    return Number(TransactionsRow.parse(rows)[0]?.transactions ?? 0);
  }

  async eventsBetween(from: Date, to: Date): Promise<number> {
    const { rows } = await this.client.query('SELECT count(*)::text AS events FROM es_events WHERE recorded_at >= $1 AND recorded_at < $2', [from, to]);
    return Number(CountRow.parse(rows)[0]?.events ?? 0);
  }

  /** Orders placed in [from, to): how each ended so far, and the time to confirmation of the confirmed ones. */
  async ordersBetween(from: Date, to: Date): Promise<OrderFigures> {
    const { rows } = await this.client.query(
      `SELECT outcome.type AS outcome, (extract(epoch FROM outcome.recorded_at - placed.recorded_at) * 1000)::float8 AS ms
         FROM es_events placed
         LEFT JOIN LATERAL (
           SELECT type, recorded_at FROM es_events ended
            WHERE ended.stream_id = placed.stream_id AND ended.type IN ('OrderConfirmed', 'OrderCancelled', 'OrderRejected')
            ORDER BY revision LIMIT 1
         ) outcome ON true
        WHERE placed.type = 'OrderPlaced' AND placed.recorded_at >= $1 AND placed.recorded_at < $2`,
      [from, to],
    );
    const orders = OrderRow.parse(rows);
    const count = (type: string | null) => orders.filter((order) => order.outcome === type).length;
    const confirmations = orders.filter((order) => order.outcome === 'OrderConfirmed').map((order) => order.ms ?? Number.NaN);
    return {
      placed: orders.length,
      confirmed: confirmations.length,
      cancelled: count('OrderCancelled'),
      rejected: count('OrderRejected'),
      unresolved: count(null),
      confirmationP50: percentile(confirmations, 50),
      confirmationP99: percentile(confirmations, 99),
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
