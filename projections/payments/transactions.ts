import { paymentEvents } from '../../domain/payments/events.js';
import { transactionHistory, type PaymentTransaction } from '../../domain/payments/transaction-history.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { decodeIfKnown } from '../runner/decode.js';

interface TransactionRow extends PaymentTransaction {
  readonly position: string;
  readonly orderId: string;
}

/** The transactions these events record, as the payments domain tells them from its events. */
function transactionsOf(events: readonly RecordedEvent[]): TransactionRow[] {
  return events.flatMap((recorded) => {
    const event = decodeIfKnown(paymentEvents, recorded);
    if (event === undefined) return [];
    return transactionHistory([event]).map((transaction) => ({ ...transaction, position: recorded.position.toString(), orderId: event.data.orderId }));
  });
}

/** Records a batch's transactions in one statement; those already recorded (same position) are left as they are. */
export async function recordTransactions(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
  const rows = transactionsOf(events);
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO payment_transactions (position, payment_id, order_id, type, amount, at)
       SELECT position, "paymentId", "orderId", type, amount, at
       FROM jsonb_to_recordset($1::jsonb) AS r(position bigint, "paymentId" uuid, "orderId" uuid, type text, amount jsonb, at timestamptz)
     ON CONFLICT (position) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
