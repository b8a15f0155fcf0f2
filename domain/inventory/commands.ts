export interface Restock {
  readonly type: 'Restock';
  readonly productId: string;
  readonly quantity: number;
  readonly at: string;
}

export interface SetLowStockThreshold {
  readonly type: 'SetLowStockThreshold';
  readonly productId: string;
  /** 0 turns low-stock alerts off. */
  readonly threshold: number;
  readonly at: string;
}

/** Sent by the order saga for one order line: the order holds at most one reservation of a product. */
export interface ReserveStock {
  readonly type: 'ReserveStock';
  readonly productId: string;
  readonly orderId: string;
  readonly quantity: number;
  readonly at: string;
}

/** The saga's compensation when an order is rejected or cancelled before shipping. */
export interface ReleaseReservation {
  readonly type: 'ReleaseReservation';
  readonly productId: string;
  readonly orderId: string;
  readonly at: string;
}

/** On shipment: the reserved units leave the warehouse. */
export interface CommitReservation {
  readonly type: 'CommitReservation';
  readonly productId: string;
  readonly orderId: string;
  readonly at: string;
}

export type InventoryCommand = Restock | SetLowStockThreshold | ReserveStock | ReleaseReservation | CommitReservation;
