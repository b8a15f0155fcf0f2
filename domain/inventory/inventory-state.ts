import type { InventoryEvent } from './events.js';

/** What an order holds of this product: held until released (then dropped) or committed on shipment. */
export interface Reservation {
  readonly quantity: number;
  readonly status: 'held' | 'committed';
}

export interface InventoryState {
  readonly onHand: number;
  readonly reserved: number;
  /** onHand - reserved: what can still be sold; never negative. */
  readonly available: number;
  readonly lowStockThreshold: number;
  /** The current shortfall below the threshold was reported; cleared once available is back at or above it. */
  readonly lowStockAlerted: boolean;
  /** By order id. */
  readonly reservations: Readonly<Record<string, Reservation>>;
}

/** A product never restocked: its stream may not exist yet. */
export const noStock: InventoryState = { onHand: 0, reserved: 0, available: 0, lowStockThreshold: 0, lowStockAlerted: false, reservations: {} };

/** Never true for threshold 0, since available is never negative. */
export function isLowOnStock(state: InventoryState): boolean {
  return state.available < state.lowStockThreshold;
}

function withStock(state: InventoryState, onHand: number, reserved: number): InventoryState {
  return { ...state, onHand, reserved, available: onHand - reserved };
}

function rearmed(state: InventoryState): InventoryState {
  return isLowOnStock(state) ? state : { ...state, lowStockAlerted: false };
}

function withoutReservation(reservations: InventoryState['reservations'], orderId: string): InventoryState['reservations'] {
  return Object.fromEntries(Object.entries(reservations).filter(([id]) => id !== orderId));
}

export function evolveInventory(state: InventoryState, event: InventoryEvent): InventoryState {
  switch (event.type) {
    case 'StockRestocked':
      return rearmed(withStock(state, state.onHand + event.data.quantity, state.reserved));
    case 'LowStockThresholdSet':
      return rearmed({ ...state, lowStockThreshold: event.data.threshold });
    case 'StockReserved':
      return rearmed({
        ...withStock(state, state.onHand, state.reserved + event.data.quantity),
        reservations: { ...state.reservations, [event.data.orderId]: { quantity: event.data.quantity, status: 'held' } },
      });
    case 'ReservationReleased':
      return rearmed({
        ...withStock(state, state.onHand, state.reserved - event.data.quantity),
        reservations: withoutReservation(state.reservations, event.data.orderId),
      });
    case 'ReservationCommitted':
      return rearmed({
        ...withStock(state, state.onHand - event.data.quantity, state.reserved - event.data.quantity),
        reservations: { ...state.reservations, [event.data.orderId]: { quantity: event.data.quantity, status: 'committed' } },
      });
    case 'LowStockDetected':
      return { ...state, lowStockAlerted: true };
  }
}
