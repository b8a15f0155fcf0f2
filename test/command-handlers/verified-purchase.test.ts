import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hasPurchased, type OrdersWithProductLookup } from '../../command-handlers/reviews/verified-purchase.js';
import { ForwardingEventStore } from '../../infra/event-store/forwarding-event-store.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { knownOrdersWithProduct } from '../../read-api/orders/orders-with-product.js';
import { ordersProjection } from '../../projections/orders/projection.js';
import { readCheckpoint, writeCheckpoint } from '../../projections/runner/checkpoints.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { appendAll } from '../recommendations/support/fixture.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { anOrder } from '../support/shop-events.js';

/** The real store, counting the events `$all` reads hand back. */
class CountingReads extends ForwardingEventStore {
  eventsReadFromAll = 0;

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await super.readAll(options);
    this.eventsReadFromAll += events.length;
    return events;
  }
}

describe('a verified purchase', () => {
  const fixture = useEventStoreDatabase();
  let store: EventStore;
  let lookup: OrdersWithProductLookup;
  const productId = randomUUID();

  beforeAll(async () => {
    await migrate(fixture.db, projectionMigrations);
    await installProjectionSchema(fixture.db, ordersProjection);
    store = (await PostgresEventStore.open(fixture.db)).store;
    lookup = (customerId, product) => knownOrdersWithProduct(fixture.db, customerId, product);
  });

  /**
   * Appends the streams and waits until `$all` hands out the last of them: reads of `$all` stop below
   * transactions still open anywhere on the server (other test files' too), so a fresh append may not
   * be readable at once.
   */
  async function appended(history: Parameters<typeof appendAll>[1]): Promise<void> {
    const last = await appendAll(store, history);
    await vi.waitFor(
      async () => {
        const [event] = await store.readAll({ fromPosition: last, maxCount: 1 });
        expect(event?.position).toBe(last);
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  /** The orders read model takes in everything in the store, as its runner would. */
  async function projectEverything(): Promise<void> {
    const events = await store.readAll({ fromPosition: 'start' });
    const last = events.at(-1);
    if (last === undefined) return;
    await fixture.db.transaction(async (tx) => {
      await readCheckpoint(tx, ordersProjection.name, { forUpdate: true });
      await ordersProjection.apply(tx, events);
      await writeCheckpoint(tx, ordersProjection.name, last.position);
    });
  }

  it('is found through the orders read model, without reading every order ever placed (found by npm run chaos: reviews slowed with every order)', async () => {
    const customerId = randomUUID();
    // Many orders of other customers, with the product too.
    await appended(Array.from({ length: 300 }, () => anOrder(randomUUID(), [productId], 'confirmed')));
    await appended([anOrder(customerId, [productId], 'confirmed')]);
    await projectEverything();

    const counting = new CountingReads(store);
    expect(await hasPurchased(counting, lookup, customerId, productId)).toBe(true);
    // At most the event at the read model's checkpoint.
    expect(counting.eventsReadFromAll).toBeLessThanOrEqual(1);
  });

  it('counts an order placed after the read model last caught up, and not one cancelled since', async () => {
    const customerId = randomUUID();
    const cancelledLater = anOrder(customerId, [productId], 'pending');
    await appended([cancelledLater]);
    await projectEverything();
    const orderId = (cancelledLater.events[0]?.data as { orderId: string }).orderId;
    await appended([
      { streamId: cancelledLater.streamId, events: anOrder(customerId, [productId], 'cancelled').events.slice(1).map((event) => ({ ...event, data: { ...(event.data as object), orderId } })) },
    ]);
    expect(await hasPurchased(store, lookup, customerId, productId)).toBe(false);

    await appended([anOrder(customerId, [productId], 'confirmed')]);
    expect(await hasPurchased(store, lookup, customerId, productId)).toBe(true);
    expect(await hasPurchased(store, lookup, customerId, randomUUID())).toBe(false);
  });
});
