import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../command-handlers/handle-command.js';
import { placeOrder } from '../../command-handlers/ordering/orders.js';
import { registerUser } from '../../command-handlers/users/accounts.js';
import { handleCommand } from '../../command-handlers/handle-command.js';
import { categoryAggregate, productAggregate } from '../../domain/catalog/aggregates.js';
import { categoryStream } from '../../domain/catalog/category.js';
import { productStream } from '../../domain/catalog/product.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { useEventStoreDatabase } from '../support/postgres.js';

/**
 * A request that failed after its events were written (a 5xx frees its Idempotency-Key) is sent
 * again with the same key, hence the same command id: it must finish as the first one did, not
 * answer 409 and not do the work twice.
 */
describe('requests retried with the same Idempotency-Key after a failure', () => {
  const fixture = useEventStoreDatabase();
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = (await PostgresEventStore.open(fixture.db)).store;
  });
  const context = (commandId: string): CommandContext => ({ commandId, correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString() });

  it('a registration lands on the same user, once', async () => {
    const commandId = randomUUID();
    const registration = { email: `retry-${randomUUID()}@shopverse.test`, password: 'correct horse battery', name: 'Retry' };
    const first = await registerUser(store, registration, context(commandId));
    const again = await registerUser(store, registration, context(commandId));
    expect(again).toMatchObject({ userId: first.userId, position: first.position, created: false });
    expect(await store.readStream(`user-${first.userId}`)).toHaveLength(1);
  });

  it('an order lands on the same order, once', async () => {
    const categoryId = randomUUID();
    const productId = randomUUID();
    const at = new Date().toISOString();
    await handleCommand(store, categoryAggregate, categoryStream(categoryId), { type: 'CreateCategory', categoryId, name: 'Kettles', parentId: null, parentExists: false, at }, context(randomUUID()));
    await handleCommand(
      store,
      productAggregate,
      productStream(productId),
      { type: 'CreateProduct', productId, sku: `SKU-${productId}`, name: 'Kettle', description: 'Boils.', price: { amount: 2500, currency: 'EUR' }, categoryId, categoryExists: true, attributes: {}, at },
      context(randomUUID()),
    );
    const request = {
      items: [{ productId, quantity: 2 }],
      shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' },
      payment: { method: 'card' as const, token: 'tok_visa' },
    };
    const customerId = randomUUID();
    const commandId = randomUUID();
    const first = await placeOrder(store, customerId, request, context(commandId));
    const again = await placeOrder(store, customerId, request, context(commandId));
    expect(again.orderId).toBe(first.orderId);
    expect(again.outcome).toMatchObject({ appended: 0, position: first.outcome.position });
    expect(await store.readStream(`order-${first.orderId}`)).toHaveLength(1);
  });
});
