import { inventoryEvents, type InventoryEvent } from '../../domain/inventory/events.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import { Happening, type PlannedAppend } from './happening.js';
import type { Product, ShopState, Stock } from './shop-state.js';

const available = (stock: Stock): number => stock.onHand - stock.reserved;

export const canReserve = (product: Product, quantity: number): boolean => available(product.stock) >= quantity;

/** As the aggregate does after each change: the low-stock alert is re-armed once stock is back at the threshold. */
function rearm(stock: Stock): void {
  if (available(stock) >= stock.threshold) stock.alerted = false;
}

export function reserve(happening: Happening, product: Product, orderId: string, quantity: number, at: string): void {
  const { stock } = product;
  stock.reserved += quantity;
  rearm(stock);
  const events: InventoryEvent[] = [{ type: 'StockReserved', data: { productId: product.id, orderId, quantity, available: available(stock), reservedAt: at } }];
  if (available(stock) < stock.threshold && !stock.alerted) {
    stock.alerted = true;
    events.push({ type: 'LowStockDetected', data: { productId: product.id, available: available(stock), threshold: stock.threshold, detectedAt: at } });
  }
  happening.record(inventoryStream(product.id), inventoryEvents, events);
}

export function release(happening: Happening, product: Product, orderId: string, quantity: number, at: string): void {
  product.stock.reserved -= quantity;
  rearm(product.stock);
  happening.record(inventoryStream(product.id), inventoryEvents, [{ type: 'ReservationReleased', data: { productId: product.id, orderId, quantity, releasedAt: at } }]);
}

export function commit(happening: Happening, product: Product, orderId: string, quantity: number, at: string): void {
  const { stock } = product;
  stock.onHand -= quantity;
  stock.reserved -= quantity;
  rearm(stock);
  happening.record(inventoryStream(product.id), inventoryEvents, [{ type: 'ReservationCommitted', data: { productId: product.id, orderId, quantity, onHand: stock.onHand, committedAt: at } }]);
}

/** A new product's first stock and its low-stock threshold. */
export function stockUp(happening: Happening, product: Product, quantity: number, threshold: number, at: string): void {
  const { stock } = product;
  stock.onHand += quantity;
  stock.threshold = threshold;
  rearm(stock);
  happening.record(inventoryStream(product.id), inventoryEvents, [
    { type: 'StockRestocked', data: { productId: product.id, quantity, onHand: stock.onHand, restockedAt: at } },
    { type: 'LowStockThresholdSet', data: { productId: product.id, threshold, setAt: at } },
  ]);
}

/** The warehouse restocks the emptiest of a few products it looks at. */
export function restock(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const looked = Array.from({ length: 4 }, () => random.pick(shop.products));
  const product = looked.reduce((emptiest, candidate) => (available(candidate.stock) < available(emptiest.stock) ? candidate : emptiest));
  const quantity = random.int(20, 100);
  const at = shop.advance();
  product.stock.onHand += quantity;
  rearm(product.stock);
  return new Happening(at, random.pick(shop.admins)).record(inventoryStream(product.id), inventoryEvents, [
    { type: 'StockRestocked', data: { productId: product.id, quantity, onHand: product.stock.onHand, restockedAt: at } },
  ]).appends;
}
