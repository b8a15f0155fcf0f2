import { z } from 'zod';
import { OrderLineSchema, orderEvents, ShippingAddressSchema, type OrderEvent } from '../../domain/ordering/events.js';
import { orderDecider, type OrderState, type PlacedOrder } from '../../domain/ordering/order.js';
import { MoneySchema } from '../../domain/shared/money.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { KeyedTable } from '../runner/keyed-rows.js';
import type { DomainRowFold } from '../runner/domain-fold.js';

export const OrderStatusSchema = z.enum(['pending', 'confirmed', 'rejected', 'cancelled', 'shipped', 'delivered', 'refunded']);

export const StatusChangeSchema = z.object({ status: OrderStatusSchema, at: z.string(), reason: z.string().optional() });

export const ShipmentSchema = z.object({ carrier: z.string(), trackingNumber: z.string() });

export const OrderRowSchema = z.object({
  order_id: z.uuid(),
  customer_id: z.uuid(),
  status: OrderStatusSchema,
  lines: z.array(OrderLineSchema),
  total: MoneySchema,
  shipping_address: ShippingAddressSchema,
  status_history: z.array(StatusChangeSchema),
  payment_id: z.uuid().nullable(),
  shipment: ShipmentSchema.nullable(),
  placed_at: z.string(),
  placed_position: z.string(),
  position: z.string(),
});
export type OrderRow = z.infer<typeof OrderRowSchema>;

export const orderTable: KeyedTable<OrderRow> = {
  table: 'orders',
  key: 'order_id',
  columns: {
    order_id: 'uuid',
    customer_id: 'uuid',
    status: 'text',
    lines: 'jsonb',
    total: 'jsonb',
    shipping_address: 'jsonb',
    status_history: 'jsonb',
    payment_id: 'uuid',
    shipment: 'jsonb',
    placed_at: 'timestamptz',
    placed_position: 'bigint',
    position: 'bigint',
  },
  row: OrderRowSchema,
};

function stateOf(row: OrderRow | undefined): OrderState {
  if (row === undefined) return orderDecider.initialState;
  return {
    status: row.status,
    orderId: row.order_id,
    customerId: row.customer_id,
    lines: row.lines,
    total: row.total,
    shippingAddress: row.shipping_address,
    statusHistory: row.status_history,
    paymentId: row.payment_id ?? undefined,
    shipment: row.shipment ?? undefined,
  };
}

type Placement = Pick<OrderRow, 'placed_at' | 'placed_position'>;

function rowOf(order: PlacedOrder, placement: Placement, position: bigint): OrderRow {
  return {
    order_id: order.orderId,
    customer_id: order.customerId,
    status: order.status,
    lines: [...order.lines],
    total: order.total,
    shipping_address: order.shippingAddress,
    status_history: [...order.statusHistory],
    payment_id: order.paymentId ?? null,
    shipment: order.shipment ?? null,
    ...placement,
    position: position.toString(),
  };
}

/** When and where in `$all` the order was placed: kept from its row, or taken from OrderPlaced. */
function placementOf(row: OrderRow | undefined, event: OrderEvent, recorded: RecordedEvent): Placement | undefined {
  if (row !== undefined) return { placed_at: row.placed_at, placed_position: row.placed_position };
  return event.type === 'OrderPlaced' ? { placed_at: event.data.placedAt, placed_position: recorded.position.toString() } : undefined;
}

/** Each order folded by the ordering domain's own `evolve`, so the read model moves exactly as the aggregate does. */
export const orderFold: DomainRowFold<(typeof orderEvents)[number], OrderRow> = {
  keyOf: (event) => event.data.orderId,
  evolve(row, event, recorded) {
    // An order's row starts with its placement: an event about an order never placed changes nothing.
    const placement = placementOf(row, event, recorded);
    if (placement === undefined) return undefined;
    const order = orderDecider.evolve(stateOf(row), event);
    return order.status === 'none' ? undefined : rowOf(order, placement, recorded.position);
  },
};
