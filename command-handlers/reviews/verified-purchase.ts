import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { OrderPlaced } from '../../domain/ordering/events.js';
import { orderStream, type OrderState } from '../../domain/ordering/order.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { KnownOrdersWithProduct } from '../../read-api/orders/orders-with-product.js';
import { decodeEvents } from '../event-codec.js';
import { loadAggregate } from '../handle-command.js';

/** A refunded or cancelled order no longer counts: the customer did not keep the product. */
const PURCHASED: ReadonlySet<OrderState['status']> = new Set<OrderState['status']>(['confirmed', 'shipped', 'delivered']);

const PAGE_SIZE = 500;

/** The customer's orders with the product, as far as a read model knows them (`knownOrdersWithProduct` on the orders read model). */
export type OrdersWithProductLookup = (customerId: string, productId: string) => Promise<KnownOrdersWithProduct>;

/** Ids of the customer's orders with the product placed at `from` or after, from the event store. */
async function placedSince(store: EventStore, from: bigint | 'start', customerId: string, productId: string): Promise<string[]> {
  const orderIds: string[] = [];
  let next = from;
  for (;;) {
    const page = await store.readAll({ fromPosition: next, maxCount: PAGE_SIZE, filter: { eventTypes: [OrderPlaced.type] } });
    // Pages overlap by one event: each starts at the last one read, a position the store knows.
    const fresh = next === from ? page : page.filter((event) => event.position !== next);
    for (const placed of decodeEvents([OrderPlaced], fresh)) {
      if (placed.data.customerId === customerId && placed.data.lines.some((line) => line.productId === productId)) orderIds.push(placed.data.orderId);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE_SIZE) return orderIds;
    next = last.position;
  }
}

/**
 * Whether the customer has a confirmed, shipped or delivered order with the product. The orders read
 * model says which orders to look at, the event store what placed since the read model last caught up
 * adds to them, and each candidate's current status comes from its stream: exact without scanning
 * every order ever placed (a scan per review had made reviews slower with every order).
 */
export async function hasPurchased(store: EventStore, ordersWithProduct: OrdersWithProductLookup, customerId: string, productId: string): Promise<boolean> {
  const known = await ordersWithProduct(customerId, productId);
  const recent = await placedSince(store, known.processedUpTo < 0n ? 'start' : known.processedUpTo, customerId, productId);
  for (const orderId of new Set([...known.orderIds, ...recent])) {
    const { state } = await loadAggregate(store, orderAggregate, orderStream(orderId));
    if (PURCHASED.has(state.status)) return true;
  }
  return false;
}
