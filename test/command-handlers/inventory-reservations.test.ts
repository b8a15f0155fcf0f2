import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRejectedError } from '../../command-handlers/errors.js';
import { handleCommand, loadAggregate, type CommandContext } from '../../command-handlers/handle-command.js';
import { inventoryAggregate } from '../../domain/inventory/aggregates.js';
import type { ReserveStock } from '../../domain/inventory/commands.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import { EsdbEventStore } from '../../infra/event-store/esdb/esdb-event-store.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { EsdbEmulator } from '../support/esdb-emulator/emulator.js';
import { useEventStoreDatabase } from '../support/postgres.js';

const at = '2026-11-26T12:00:00.000Z';

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: at };
}

async function restocked(store: EventStore, quantity: number): Promise<string> {
  const productId = randomUUID();
  await handleCommand(store, inventoryAggregate, inventoryStream(productId), { type: 'Restock', productId, quantity, at }, context());
  return productId;
}

const reserve = (productId: string, orderId: string, quantity: number): ReserveStock => ({ type: 'ReserveStock', productId, orderId, quantity, at });

/** What became of each attempt: reserved, refused for want of stock, or anything else (by its message). */
function outcomeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'reserved';
  const reason: unknown = result.reason;
  if (reason instanceof CommandRejectedError && reason.rejection.code === 'conflict' && reason.rejection.reason.startsWith('insufficient stock')) return 'insufficient stock';
  return String(reason);
}

function tally(outcomes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

function reservations(store: () => EventStore): void {
  it('30 parallel reservations against 10 units of stock reserve exactly 10', async () => {
    const productId = await restocked(store(), 10);
    const orderIds = Array.from({ length: 30 }, () => randomUUID());
    const results = await Promise.allSettled(orderIds.map((orderId) => handleCommand(store(), inventoryAggregate, inventoryStream(productId), reserve(productId, orderId, 1), context())));

    // Anything but these two (a lost race given up on, say) would turn away a sale the stock allowed.
    expect(tally(results.map(outcomeOf))).toEqual({ reserved: 10, 'insufficient stock': 20 });
    const reservedOrders = orderIds.filter((_, index) => results[index]?.status === 'fulfilled');

    const { state, history } = await loadAggregate(store(), inventoryAggregate, inventoryStream(productId));
    expect({ onHand: state.onHand, reserved: state.reserved, available: state.available }).toEqual({ onHand: 10, reserved: 10, available: 0 });
    expect(Object.keys(state.reservations).sort()).toEqual([...reservedOrders].sort());
    expect(history.filter((event) => event.type === 'StockReserved')).toHaveLength(10);
  });

  it('the same order reserving twice in parallel reserves once', async () => {
    const productId = await restocked(store(), 10);
    const orderId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 2 }, () => handleCommand(store(), inventoryAggregate, inventoryStream(productId), reserve(productId, orderId, 3), context())),
    );
    expect(outcomes.map((outcome) => outcome.appended).sort()).toEqual([0, 1]);

    const { state, history } = await loadAggregate(store(), inventoryAggregate, inventoryStream(productId));
    expect({ onHand: state.onHand, reserved: state.reserved, available: state.available }).toEqual({ onHand: 10, reserved: 3, available: 7 });
    expect(state.reservations).toEqual({ [orderId]: { quantity: 3, status: 'held' } });
    expect(history.filter((event) => event.type === 'StockReserved')).toHaveLength(1);
  });
}

describe('stock reservations on the Postgres adapter', () => {
  const fixture = useEventStoreDatabase();
  let store: PostgresEventStore | undefined;
  beforeAll(async () => {
    store = (await PostgresEventStore.open(fixture.db)).store;
  });
  afterAll(async () => {
    await store?.close();
  });
  reservations(() => {
    if (store === undefined) throw new Error('the store opens in beforeAll');
    return store;
  });
});

describe('stock reservations on the EventStoreDB adapter (emulator)', () => {
  let emulator: EsdbEmulator | undefined;
  let store: EsdbEventStore | undefined;
  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    store = new EsdbEventStore(emulator.url);
  });
  afterAll(async () => {
    await store?.close();
    await emulator?.close();
  });
  reservations(() => {
    if (store === undefined) throw new Error('the store opens in beforeAll');
    return store;
  });
});
