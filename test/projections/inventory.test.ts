import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inventoryProjection } from '../../projections/inventory/projection.js';
import { recorded, useProjection } from '../support/projections.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

const at = '2025-03-01T10:00:00.000Z';

function stockOf(productId: string) {
  const stream = `inventory-${productId}`;
  return {
    restocked: (quantity: number, onHand: number): RecordedEvent => recorded(stream, 'StockRestocked', { productId, quantity, onHand, restockedAt: at }),
    thresholdSet: (threshold: number): RecordedEvent => recorded(stream, 'LowStockThresholdSet', { productId, threshold, setAt: at }),
    reserved: (orderId: string, quantity: number, available: number): RecordedEvent =>
      recorded(stream, 'StockReserved', { productId, orderId, quantity, available, reservedAt: at }),
    released: (orderId: string, quantity: number): RecordedEvent => recorded(stream, 'ReservationReleased', { productId, orderId, quantity, releasedAt: at }),
    committed: (orderId: string, quantity: number, onHand: number): RecordedEvent =>
      recorded(stream, 'ReservationCommitted', { productId, orderId, quantity, onHand, committedAt: at }),
    lowStockDetected: (available: number, threshold: number): RecordedEvent => recorded(stream, 'LowStockDetected', { productId, available, threshold, detectedAt: at }),
  };
}

describe('inventory projection', () => {
  const projection = useProjection(inventoryProjection);

  const levelOf = async (productId: string) =>
    (await projection.rows('SELECT on_hand, reserved, available, low_stock_threshold, low_stock_alerted, position::text AS position FROM inventory_levels WHERE product_id = $1', [productId]))[0];
  const allLevels = () => projection.rows('SELECT *, position::text AS position FROM inventory_levels ORDER BY product_id');

  it('folds every inventory event type into the product\'s stock level', async () => {
    const productId = randomUUID();
    const stock = stockOf(productId);
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];

    const restocked = stock.restocked(10, 10);
    await projection.apply([restocked]);
    expect(await levelOf(productId)).toEqual({ on_hand: 10, reserved: 0, available: 10, low_stock_threshold: 0, low_stock_alerted: false, position: restocked.position.toString() });

    await projection.apply([stock.thresholdSet(5)]);
    expect(await levelOf(productId)).toMatchObject({ on_hand: 10, reserved: 0, available: 10, low_stock_threshold: 5 });

    await projection.apply([stock.reserved(first, 4, 6), stock.reserved(second, 3, 3)]);
    expect(await levelOf(productId)).toMatchObject({ on_hand: 10, reserved: 7, available: 3, low_stock_alerted: false });

    await projection.apply([stock.lowStockDetected(3, 5)]);
    expect(await levelOf(productId)).toMatchObject({ available: 3, low_stock_alerted: true });

    await projection.apply([stock.released(second, 3)]);
    expect(await levelOf(productId)).toMatchObject({ on_hand: 10, reserved: 4, available: 6, low_stock_alerted: false });

    const committed = stock.committed(first, 4, 6);
    await projection.apply([committed]);
    expect(await levelOf(productId)).toEqual({ on_hand: 6, reserved: 0, available: 6, low_stock_threshold: 5, low_stock_alerted: false, position: committed.position.toString() });

    await projection.apply([stock.reserved(third, 2, 4), stock.restocked(5, 11)]);
    expect(await levelOf(productId)).toMatchObject({ on_hand: 11, reserved: 2, available: 9 });
  });

  it('a threshold set before any restock makes a row of zero stock', async () => {
    const productId = randomUUID();
    await projection.apply([stockOf(productId).thresholdSet(3)]);
    expect(await levelOf(productId)).toMatchObject({ on_hand: 0, reserved: 0, available: 0, low_stock_threshold: 3 });
  });

  it('keeps products apart within one batch and ignores events it does not read', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await projection.apply([
      stockOf(a).restocked(2, 2),
      recorded(`review-${randomUUID()}`, 'SomethingElseHappened', { productId: a }),
      stockOf(b).restocked(7, 7),
      stockOf(a).restocked(3, 5),
    ]);
    expect(await levelOf(a)).toMatchObject({ on_hand: 5, available: 5 });
    expect(await levelOf(b)).toMatchObject({ on_hand: 7, available: 7 });
  });

  it('applying the same events again changes nothing, also after only part of the batch was applied', async () => {
    const productId = randomUUID();
    const stock = stockOf(productId);
    const orderId = randomUUID();
    const batch = [stock.restocked(10, 10), stock.thresholdSet(4), stock.reserved(orderId, 8, 2), stock.lowStockDetected(2, 4), stock.committed(orderId, 8, 2), stock.restocked(1, 3)];

    await projection.apply(batch.slice(0, 3));
    await projection.apply(batch);
    const once = await allLevels();
    await projection.apply(batch);
    await projection.apply(batch.slice(2, 5));
    expect(await allLevels()).toEqual(once);
    expect(await levelOf(productId)).toEqual({ on_hand: 3, reserved: 0, available: 3, low_stock_threshold: 4, low_stock_alerted: true, position: batch[5]?.position.toString() });
  });

  it('refuses an inventory event that does not fit its schema', async () => {
    await expect(projection.apply([recorded(`inventory-${randomUUID()}`, 'StockRestocked', { productId: 'not-a-uuid', quantity: 1, onHand: 1, restockedAt: at })])).rejects.toThrow();
  });
});
