import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { OrderPlaced } from '../../domain/ordering/events.js';
import { orderStream, type OrderState } from '../../domain/ordering/order.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { decodeEvents } from '../event-codec.js';
import { loadAggregate } from '../handle-command.js';

// The orders read model of issue #5 replaces this scan of every OrderPlaced event with one query.


/** A refunded or cancelled order no longer counts: the customer did not keep the product. */
const PURCHASED: ReadonlySet<OrderState['status']> = new Set<OrderState['status']>(['confirmed', 'shipped', 'delivered']);

const PAGE_SIZE = 500;

/** Ids of the customer's orders with the product on one of their lines, whatever their status now. */
async function ordersWithProduct(store: EventStore, customerId: string, productId: string): Promise<string[]> {
  const orderIds: string[] = [];
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE_SIZE, filter: { eventTypes: [OrderPlaced.type] } });
    // Pages overlap by one event: each starts at the last one read, a position the store knows.
    const fresh = from === 'start' ? page : page.filter((event) => event.position !== from);
    for (const placed of decodeEvents([OrderPlaced], fresh)) {
      if (placed.data.customerId === customerId && placed.data.lines.some((line) => line.productId === productId)) orderIds.push(placed.data.orderId);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE_SIZE) return orderIds;
    from = last.position;
  }
}

/** Whether the customer has a confirmed, shipped or delivered order with the product. */
export async function hasPurchased(store: EventStore, customerId: string, productId: string): Promise<boolean> {
  for (const orderId of await ordersWithProduct(store, customerId, productId)) {
    const { state } = await loadAggregate(store, orderAggregate, orderStream(orderId));
    if (PURCHASED.has(state.status)) return true;
  }
  return false;
}
