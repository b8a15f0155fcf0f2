/**
 * Orders as their customers and the support desk see them. `orders` holds each order's state as the
 * ordering domain folds it; `order_payments` the summary of the order's one payment (keyed by order,
 * since an order has exactly one payment, whose id derives from the order's). They are separate rows
 * so each folds its own stream, whichever event of the two comes first.
 * `placed_position` (the position of OrderPlaced) orders the lists: it only grows, so a keyset page
 * never repeats or skips an order while new ones arrive.
 */
export const ordersSchema = `
CREATE TABLE IF NOT EXISTS orders (
  order_id uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled', 'shipped', 'delivered', 'refunded')),
  lines jsonb NOT NULL,
  total jsonb NOT NULL,
  shipping_address jsonb NOT NULL,
  status_history jsonb NOT NULL,
  payment_id uuid,
  shipment jsonb,
  placed_at timestamptz NOT NULL,
  placed_position bigint NOT NULL,
  position bigint NOT NULL
);
-- Every order, newest first (admin and support).
CREATE INDEX IF NOT EXISTS orders_by_placement ON orders (placed_position, order_id);
-- A customer's orders, newest first.
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, placed_position, order_id);

CREATE TABLE IF NOT EXISTS order_payments (
  order_id uuid PRIMARY KEY,
  payment_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('initiated', 'authorized', 'declined', 'captured', 'voided', 'refunded')),
  amount jsonb NOT NULL,
  authorized jsonb NOT NULL,
  captured jsonb NOT NULL,
  refunded jsonb NOT NULL,
  refund_ids jsonb NOT NULL,
  position bigint NOT NULL
);
`;

export const ordersTables = ['orders', 'order_payments'] as const;
