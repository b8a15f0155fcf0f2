import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { isoUtc } from '../../infra/postgres/iso-time.js';
import { PaymentTransactionSchema, type PaymentTransactionView } from './schemas.js';

/** The customer who placed the order, or undefined when there is no such order. */
export async function customerOfOrder(db: SqlExecutor, orderId: string): Promise<string | undefined> {
  const { rows } = await db.query('SELECT customer_id FROM orders WHERE order_id = $1', [orderId]);
  return z.array(z.object({ customer_id: z.uuid() })).parse(rows)[0]?.customer_id;
}

/** The order's payment transactions in the order they happened (empty before any). */
export async function transactionsOfOrder(db: SqlExecutor, orderId: string): Promise<PaymentTransactionView[]> {
  const { rows } = await db.query(
    `SELECT payment_id AS "paymentId", type, amount, ${isoUtc('at')} AS at FROM payment_transactions WHERE order_id = $1 ORDER BY position`,
    [orderId],
  );
  return z.array(PaymentTransactionSchema).parse(rows);
}
