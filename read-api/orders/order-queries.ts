import { z } from 'zod';
import { paymentIdFor } from '../../domain/payments/payment.js';
import { money } from '../../domain/shared/money.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { OrderRowSchema } from '../../projections/orders/order-rows.js';
import { PaymentStatusSchema } from '../../projections/orders/payment-summary-rows.js';
import { decodeCursor, pageFrom } from '../http/pagination.js';
import { isoUtc } from '../../infra/postgres/iso-time.js';
import { OrderPaymentSchema, type OrderView } from './schemas.js';

/** An order with its payment summary (null before the first payment event). */
const OrderViewRowSchema = OrderRowSchema.omit({ payment_id: true, position: true }).extend({
  payment: OrderPaymentSchema.extend({ status: PaymentStatusSchema }).nullable(),
});
type OrderViewRow = z.infer<typeof OrderViewRowSchema>;

const SELECT_ORDER_VIEWS = `
  SELECT o.order_id, o.customer_id, o.status, o.lines, o.total, o.shipping_address, o.status_history, o.shipment,
         ${isoUtc('o.placed_at')} AS placed_at, o.placed_position::text AS placed_position,
         (SELECT jsonb_build_object('paymentId', p.payment_id, 'status', p.status, 'authorized', p.authorized, 'captured', p.captured, 'refunded', p.refunded)
          FROM order_payments p WHERE p.order_id = o.order_id) AS payment
  FROM orders o`;

function paymentOf(row: OrderViewRow): OrderView['payment'] {
  if (row.payment !== null) return row.payment;
  // No payment event yet: the payment the order will have, with nothing moved.
  const nothing = money(0, row.total.currency);
  return { paymentId: paymentIdFor(row.order_id), status: 'none', authorized: nothing, captured: nothing, refunded: nothing };
}

function viewOf(row: OrderViewRow): OrderView {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    items: row.lines,
    total: row.total,
    statusHistory: row.status_history,
    payment: paymentOf(row),
    ...(row.shipment === null ? {} : { shipment: row.shipment }),
    shippingAddress: row.shipping_address,
    placedAt: row.placed_at,
  };
}

/** The order, or undefined when there is none with this id. */
export async function findOrder(db: SqlExecutor, orderId: string): Promise<OrderView | undefined> {
  const { rows } = await db.query(`${SELECT_ORDER_VIEWS} WHERE o.order_id = $1`, [orderId]);
  const [row] = z.array(OrderViewRowSchema).parse(rows);
  return row === undefined ? undefined : viewOf(row);
}

/** The last order answered: its placement position and id. */
const OrderCursorSchema = z.tuple([z.string().regex(/^-?\d{1,20}$/), z.uuid()]);

export interface OrderListQuery {
  /** Only this customer's orders; every order when undefined. */
  readonly customerId: string | undefined;
  readonly limit: number;
  readonly cursor: string | undefined;
}

/**
 * Orders newest first, a keyset page at a time on (placement position, order id): an order placed
 * while a client pages has a higher position than any cursor, so it never shifts the later pages.
 */
export async function listOrders(db: SqlExecutor, query: OrderListQuery): Promise<{ items: OrderView[]; nextCursor: string | null }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.customerId !== undefined) {
    params.push(query.customerId);
    conditions.push(`o.customer_id = $${params.length}::uuid`);
  }
  if (query.cursor !== undefined) {
    const [placedPosition, orderId] = decodeCursor(query.cursor, OrderCursorSchema);
    params.push(placedPosition, orderId);
    conditions.push(`(o.placed_position, o.order_id) < ($${params.length - 1}::bigint, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const { rows } = await db.query(
    `${SELECT_ORDER_VIEWS} ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
     ORDER BY o.placed_position DESC, o.order_id DESC LIMIT $${params.length}`,
    params,
  );
  return pageFrom(z.array(OrderViewRowSchema).parse(rows), query.limit, viewOf, (row) => [row.placed_position, row.order_id]);
}
