import { v5 as uuidv5 } from 'uuid';
import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { ReserveSku, SkuReservationCommand } from './commands.js';
import type { SkuReservationEvent } from './events.js';

export type SkuReservationState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly productId: string };

// Fixed namespace for SKU reservation ids: one stream per SKU, so the event store keeps SKUs unique.
const SKU_NAMESPACE = '5db6a175-7a99-44ae-8bf3-689a85ebb339';

/** SKUs that differ only in surrounding spaces or letter case are the same SKU. */
export function normaliseSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export function skuReservationIdFor(sku: string): string {
  return uuidv5(normaliseSku(sku), SKU_NAMESPACE);
}

export const skuReservationStream = (sku: string): string => `productsku-${skuReservationIdFor(sku)}`;

function reserve(command: ReserveSku, state: SkuReservationState): Decision<SkuReservationEvent> {
  const sku = normaliseSku(command.sku);
  if (sku === '') return reject('unprocessable', 'a product needs a SKU');
  if (state.status === 'reserved') {
    // The same product reserving again is a retried creation, which is harmless.
    return state.productId === command.productId ? [] : reject('conflict', 'duplicate sku');
  }
  return [{ type: 'SkuReserved', data: { sku, productId: command.productId, reservedAt: command.at } }];
}

export const skuReservationDecider: Decider<SkuReservationCommand, SkuReservationEvent, SkuReservationState> = {
  initialState: { status: 'free' },
  decide: reserve,
  evolve(_state, event) {
    return { status: 'reserved', productId: event.data.productId };
  },
};
