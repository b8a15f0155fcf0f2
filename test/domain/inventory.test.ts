import { describe, expect, it } from 'vitest';
import { stateFrom } from '../../domain/shared/decider.js';
import type { CommitReservation, ReleaseReservation, ReserveStock, Restock, SetLowStockThreshold } from '../../domain/inventory/commands.js';
import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.js';
import { inventoryDecider, inventoryStream } from '../../domain/inventory/inventory.js';
import { specify } from './spec.js';

const productId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const orderA = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const orderB = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const orderC = '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const at = '2026-11-26T12:00:00.000Z';

const restock = (quantity: number): Restock => ({ type: 'Restock', productId, quantity, at });
const setThreshold = (threshold: number): SetLowStockThreshold => ({ type: 'SetLowStockThreshold', productId, threshold, at });
const reserve = (orderId: string, quantity: number): ReserveStock => ({ type: 'ReserveStock', productId, orderId, quantity, at });
const release = (orderId: string): ReleaseReservation => ({ type: 'ReleaseReservation', productId, orderId, at });
const commit = (orderId: string): CommitReservation => ({ type: 'CommitReservation', productId, orderId, at });

const restocked = (quantity: number, onHand: number): InventoryEvent => ({ type: 'StockRestocked', data: { productId, quantity, onHand, restockedAt: at } });
const thresholdSet = (threshold: number): InventoryEvent => ({ type: 'LowStockThresholdSet', data: { productId, threshold, setAt: at } });
const reserved = (orderId: string, quantity: number, available: number): InventoryEvent => ({
  type: 'StockReserved',
  data: { productId, orderId, quantity, available, reservedAt: at },
});
const released = (orderId: string, quantity: number): InventoryEvent => ({ type: 'ReservationReleased', data: { productId, orderId, quantity, releasedAt: at } });
const committed = (orderId: string, quantity: number, onHand: number): InventoryEvent => ({
  type: 'ReservationCommitted',
  data: { productId, orderId, quantity, onHand, committedAt: at },
});
const lowStock = (available: number, threshold: number): InventoryEvent => ({ type: 'LowStockDetected', data: { productId, available, threshold, detectedAt: at } });

const inventory = specify(inventoryDecider);

describe('inventory', () => {
  it('has one stream per product', () => {
    expect(inventoryStream(productId)).toBe(`inventory-${productId}`);
  });

  it('records events that match their schemas', () => {
    const samples = [restocked(10, 10), thresholdSet(0), reserved(orderA, 4, 0), released(orderA, 4), committed(orderA, 4, 6), lowStock(0, 5)];
    expect(new Set(samples.map((event) => event.type))).toEqual(new Set(inventoryEvents.map((definition) => definition.type)));
    for (const event of samples) {
      expect(inventoryEvents.find((definition) => definition.type === event.type)?.schema.safeParse(event.data).success).toBe(true);
    }
  });

  describe('a product never restocked', () => {
    it('has nothing on hand', () => {
      expect(stateFrom(inventoryDecider, [])).toEqual({ onHand: 0, reserved: 0, available: 0, lowStockThreshold: 0, lowStockAlerted: false, reservations: {} });
    });
    it('refuses a reservation as insufficient stock', () => {
      inventory.given([]).when(reserve(orderA, 1)).thenRejected('conflict', /insufficient stock/);
    });
  });

  describe('restock', () => {
    it('adds the units to the stock on hand', () => {
      inventory.given([]).when(restock(10)).then([restocked(10, 10)]);
      inventory.given([restocked(10, 10)]).when(restock(5)).then([restocked(5, 15)]);
    });
    for (const quantity of [0, -3, 2.5, Number.NaN]) {
      it(`refuses a quantity of ${quantity}`, () => {
        inventory.given([]).when(restock(quantity)).thenRejected('unprocessable', /positive whole number/);
      });
    }
    it('refuses a stock on hand too large to count exactly', () => {
      inventory.given([restocked(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)]).when(restock(1)).thenRejected('unprocessable', /counted exactly/);
    });
  });

  describe('low-stock threshold', () => {
    it('is set', () => {
      inventory.given([restocked(10, 10)]).when(setThreshold(3)).then([thresholdSet(3)]);
      inventory.given([restocked(10, 10), thresholdSet(3)]).when(setThreshold(0)).then([thresholdSet(0)]);
    });
    it('setting the same threshold again changes nothing', () => {
      inventory.given([restocked(10, 10), thresholdSet(3)]).when(setThreshold(3)).then([]);
      inventory.given([]).when(setThreshold(0)).then([]);
    });
    for (const threshold of [-1, 1.5]) {
      it(`refuses a threshold of ${threshold}`, () => {
        inventory.given([]).when(setThreshold(threshold)).thenRejected('unprocessable', /at least 0/);
      });
    }
  });

  describe('reserve', () => {
    it('takes the units out of what is available', () => {
      inventory.given([restocked(10, 10)]).when(reserve(orderA, 4)).then([reserved(orderA, 4, 6)]);
    });
    it('may take every available unit', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6)]).when(reserve(orderB, 6)).then([reserved(orderB, 6, 0)]);
    });
    it('refuses, all or nothing, more than is available', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6)]).when(reserve(orderB, 7)).thenRejected('conflict', /insufficient stock/);
    });
    it('a repeated reservation for the same order changes nothing', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6)]).when(reserve(orderA, 4)).then([]);
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), committed(orderA, 4, 6)]).when(reserve(orderA, 4)).then([]);
    });
    it('an order whose reservation was released may reserve again', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), released(orderA, 4)]).when(reserve(orderA, 4)).then([reserved(orderA, 4, 6)]);
    });
    for (const quantity of [0, -1, 1.5]) {
      it(`refuses a quantity of ${quantity}`, () => {
        inventory.given([restocked(10, 10)]).when(reserve(orderA, quantity)).thenRejected('unprocessable', /positive whole number/);
      });
    }
  });

  describe('release', () => {
    it('gives the reserved units back', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6)]).when(release(orderA)).then([released(orderA, 4)]);
    });
    it('changes nothing when the order holds no reservation: already released or never reserved', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), released(orderA, 4)]).when(release(orderA)).then([]);
      inventory.given([restocked(10, 10)]).when(release(orderA)).then([]);
      inventory.given([]).when(release(orderA)).then([]);
    });
    it('refuses once the units have shipped', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), committed(orderA, 4, 6)]).when(release(orderA)).thenRejected('conflict', /shipped/);
    });
  });

  describe('commit', () => {
    it('the reserved units leave the warehouse', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6)]).when(commit(orderA)).then([committed(orderA, 4, 6)]);
    });
    it('committing again changes nothing', () => {
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), committed(orderA, 4, 6)]).when(commit(orderA)).then([]);
    });
    it('refuses when the order holds no reservation', () => {
      inventory.given([restocked(10, 10)]).when(commit(orderA)).thenRejected('conflict', /no reservation/);
      inventory.given([restocked(10, 10), reserved(orderA, 4, 6), released(orderA, 4)]).when(commit(orderA)).thenRejected('conflict', /no reservation/);
    });
  });

  it('state follows the stock through restocks, reservations, releases and shipments', () => {
    const state = stateFrom(inventoryDecider, [
      restocked(10, 10),
      thresholdSet(2),
      reserved(orderA, 3, 7),
      reserved(orderB, 2, 5),
      reserved(orderC, 1, 4),
      released(orderB, 2),
      committed(orderA, 3, 7),
      restocked(5, 12),
    ]);
    expect(state).toEqual({
      onHand: 12,
      reserved: 1,
      available: 11,
      lowStockThreshold: 2,
      lowStockAlerted: false,
      reservations: { [orderA]: { quantity: 3, status: 'committed' }, [orderC]: { quantity: 1, status: 'held' } },
    });
  });

  describe('low-stock alert', () => {
    const stocked = [restocked(10, 10), thresholdSet(5)];

    it('is raised when a sale takes available below the threshold', () => {
      inventory.given(stocked).when(reserve(orderA, 6)).then([reserved(orderA, 6, 4), lowStock(4, 5)]);
    });
    it('is not raised while available stays at or above the threshold', () => {
      inventory.given(stocked).when(reserve(orderA, 5)).then([reserved(orderA, 5, 5)]);
    });
    it('is raised once per crossing, not on every further sale below the threshold', () => {
      const history = [...stocked, reserved(orderA, 6, 4), lowStock(4, 5)];
      inventory.given(history).when(reserve(orderB, 1)).then([reserved(orderB, 1, 3)]);
      inventory.given([...history, reserved(orderB, 1, 3)]).when(reserve(orderC, 2)).then([reserved(orderC, 2, 1)]);
      expect(stateFrom(inventoryDecider, [...history, reserved(orderB, 1, 3)]).lowStockAlerted).toBe(true);
    });
    it('a restock back to the threshold re-arms it: the next crossing alerts again', () => {
      const history = [...stocked, reserved(orderA, 6, 4), lowStock(4, 5)];
      inventory.given(history).when(restock(1)).then([restocked(1, 11)]);
      expect(stateFrom(inventoryDecider, [...history, restocked(1, 11)]).lowStockAlerted).toBe(false);
      inventory.given([...history, restocked(1, 11)]).when(reserve(orderB, 1)).then([reserved(orderB, 1, 4), lowStock(4, 5)]);
    });
    it('a restock that leaves available below the threshold neither alerts nor re-arms', () => {
      const history = [...stocked, reserved(orderA, 8, 2), lowStock(2, 5), restocked(2, 12)];
      inventory.given([...stocked, reserved(orderA, 8, 2), lowStock(2, 5)]).when(restock(2)).then([restocked(2, 12)]);
      inventory.given(history).when(reserve(orderB, 1)).then([reserved(orderB, 1, 3)]);
    });
    it('a release back to the threshold re-arms it too', () => {
      const history = [...stocked, reserved(orderA, 6, 4), lowStock(4, 5), released(orderA, 6)];
      expect(stateFrom(inventoryDecider, history).lowStockAlerted).toBe(false);
      inventory.given(history).when(reserve(orderB, 6)).then([reserved(orderB, 6, 4), lowStock(4, 5)]);
    });
    it('a shipment leaves available, and so the alert, unchanged', () => {
      inventory.given([...stocked, reserved(orderA, 6, 4), lowStock(4, 5)]).when(commit(orderA)).then([committed(orderA, 6, 4)]);
      inventory.given([...stocked, reserved(orderA, 5, 5)]).when(commit(orderA)).then([committed(orderA, 5, 5)]);
    });
    it('is raised when the threshold is raised above what is available', () => {
      inventory.given([restocked(10, 10)]).when(setThreshold(11)).then([thresholdSet(11), lowStock(10, 11)]);
    });
    it('is raised when a threshold is set on a product with less than that in stock, even one never restocked', () => {
      inventory.given([]).when(setThreshold(3)).then([thresholdSet(3), lowStock(0, 3)]);
    });
    it('a command that changes nothing raises nothing, even over a shortfall never reported', () => {
      inventory.given([restocked(10, 10), thresholdSet(11)]).when(setThreshold(11)).then([]);
    });
    it('lowering the threshold to what is available re-arms it', () => {
      const history = [...stocked, reserved(orderA, 6, 4), lowStock(4, 5), thresholdSet(4)];
      expect(stateFrom(inventoryDecider, history).lowStockAlerted).toBe(false);
      inventory.given(history).when(reserve(orderB, 1)).then([reserved(orderB, 1, 3), lowStock(3, 4)]);
    });
    it('is never raised with a threshold of 0', () => {
      inventory.given([restocked(3, 3)]).when(reserve(orderA, 3)).then([reserved(orderA, 3, 0)]);
    });
    it('a refused sale raises nothing', () => {
      inventory.given(stocked).when(reserve(orderA, 11)).thenRejected('conflict', /insufficient stock/);
    });
  });
});
