import type { Decider, Decision } from '../shared/decider.js';
import { isRejection, reject } from '../shared/rejection.js';
import type { CommitReservation, InventoryCommand, ReleaseReservation, ReserveStock, Restock, SetLowStockThreshold } from './commands.js';
import type { InventoryEvent } from './events.js';
import { evolveInventory, isLowOnStock, noStock, type InventoryState } from './inventory-state.js';

/** One stream per product: every sale of its units is decided against one revision, so none is sold twice. */
export const inventoryStream = (productId: string): string => `inventory-${productId}`;

function isPositiveWholeNumber(quantity: number): boolean {
  return Number.isSafeInteger(quantity) && quantity > 0;
}

function restock(command: Restock, state: InventoryState): Decision<InventoryEvent> {
  if (!isPositiveWholeNumber(command.quantity)) return reject('unprocessable', 'a restocked quantity is a positive whole number');
  const onHand = state.onHand + command.quantity;
  if (!Number.isSafeInteger(onHand)) return reject('unprocessable', 'the stock on hand would exceed what can be counted exactly');
  return [{ type: 'StockRestocked', data: { productId: command.productId, quantity: command.quantity, onHand, restockedAt: command.at } }];
}

function setLowStockThreshold(command: SetLowStockThreshold, state: InventoryState): Decision<InventoryEvent> {
  if (!Number.isSafeInteger(command.threshold) || command.threshold < 0) return reject('unprocessable', 'a low-stock threshold is a whole number of at least 0');
  if (command.threshold === state.lowStockThreshold) return [];
  return [{ type: 'LowStockThresholdSet', data: { productId: command.productId, threshold: command.threshold, setAt: command.at } }];
}

function reserve(command: ReserveStock, state: InventoryState): Decision<InventoryEvent> {
  if (!isPositiveWholeNumber(command.quantity)) return reject('unprocessable', 'a reserved quantity is a positive whole number');
  // A retried reservation must not take the units a second time.
  if (state.reservations[command.orderId] !== undefined) return [];
  if (state.available < command.quantity) return reject('conflict', `insufficient stock: ${state.available} available, ${command.quantity} wanted`);
  return [
    {
      type: 'StockReserved',
      data: {
        productId: command.productId,
        orderId: command.orderId,
        quantity: command.quantity,
        available: state.available - command.quantity,
        reservedAt: command.at,
      },
    },
  ];
}

function release(command: ReleaseReservation, state: InventoryState): Decision<InventoryEvent> {
  const reservation = state.reservations[command.orderId];
  // Compensations are retried, and may run for a line that was never reserved.
  if (reservation === undefined) return [];
  if (reservation.status === 'committed') return reject('conflict', 'the reserved units have already shipped');
  return [
    { type: 'ReservationReleased', data: { productId: command.productId, orderId: command.orderId, quantity: reservation.quantity, releasedAt: command.at } },
  ];
}

function commit(command: CommitReservation, state: InventoryState): Decision<InventoryEvent> {
  const reservation = state.reservations[command.orderId];
  if (reservation === undefined) return reject('conflict', 'this order holds no reservation of this product');
  if (reservation.status === 'committed') return [];
  return [
    {
      type: 'ReservationCommitted',
      data: {
        productId: command.productId,
        orderId: command.orderId,
        quantity: reservation.quantity,
        onHand: state.onHand - reservation.quantity,
        committedAt: command.at,
      },
    },
  ];
}

function decideCommand(command: InventoryCommand, state: InventoryState): Decision<InventoryEvent> {
  switch (command.type) {
    case 'Restock':
      return restock(command, state);
    case 'SetLowStockThreshold':
      return setLowStockThreshold(command, state);
    case 'ReserveStock':
      return reserve(command, state);
    case 'ReleaseReservation':
      return release(command, state);
    case 'CommitReservation':
      return commit(command, state);
  }
}

/**
 * Alerts once per shortfall: when the decided events leave available below the threshold and
 * that was not reported since available was last at or above it.
 */
function withLowStockAlert(events: readonly InventoryEvent[], command: InventoryCommand, state: InventoryState): readonly InventoryEvent[] {
  // A no-op stays a no-op, even over a history whose shortfall was never reported.
  if (events.length === 0) return events;
  const after = events.reduce(evolveInventory, state);
  if (!isLowOnStock(after) || after.lowStockAlerted) return events;
  return [
    ...events,
    { type: 'LowStockDetected', data: { productId: command.productId, available: after.available, threshold: after.lowStockThreshold, detectedAt: command.at } },
  ];
}

export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  initialState: noStock,
  decide(command, state) {
    const decision = decideCommand(command, state);
    return isRejection(decision) ? decision : withLowStockAlert(decision, command, state);
  },
  evolve: evolveInventory,
};
