/**
 * Every payment transaction (authorization, capture, refund, void, decline) with its order, for an
 * order's transaction history (GET /payments?orderId=). A payment event records at most one
 * transaction, so the event's position is the row's key: applying it again inserts nothing.
 */
export const paymentsSchema = `
CREATE TABLE IF NOT EXISTS payment_transactions (
  position bigint PRIMARY KEY,
  payment_id uuid NOT NULL,
  order_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('authorization', 'capture', 'refund', 'void', 'decline')),
  amount jsonb NOT NULL,
  at timestamptz NOT NULL
);
-- An order's transactions in the order they happened.
CREATE INDEX IF NOT EXISTS payment_transactions_by_order ON payment_transactions (order_id, position);
`;

export const paymentsTables = ['payment_transactions'] as const;
