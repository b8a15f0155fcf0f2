import { money, sameCurrency, type Money } from '../shared/money.js';
import { isRejection, reject, type Rejection } from '../shared/rejection.js';
import type { RequestedLine } from './commands.js';
import type { OrderLine } from './events.js';

export const MAX_ORDER_LINES = 100;

export interface PricedOrder {
  readonly lines: OrderLine[];
  readonly total: Money;
}

function priceLine({ productId, quantity, product }: RequestedLine): OrderLine | Rejection {
  if (!Number.isInteger(quantity) || quantity < 1) return reject('unprocessable', `the quantity of product ${productId} must be a whole number of at least 1`);
  if (product === undefined) return reject('unprocessable', `unknown product ${productId}`);
  if (product.status === 'discontinued') return reject('unprocessable', `product ${productId} is discontinued`);
  const lineTotal = product.unitPrice.amount * quantity;
  // Beyond this, integer minor units are no longer exact in a JavaScript number.
  if (!Number.isSafeInteger(lineTotal)) return reject('unprocessable', `the total of product ${productId} is too large`);
  return { productId, sku: product.sku, name: product.name, quantity, unitPrice: product.unitPrice, lineTotal: money(lineTotal, product.unitPrice.currency) };
}

/** Prices the requested lines with the catalogue's current prices, which the order keeps from then on. */
export function priceOrder(requested: readonly RequestedLine[]): PricedOrder | Rejection {
  if (requested.length > MAX_ORDER_LINES) return reject('unprocessable', `an order has at most ${MAX_ORDER_LINES} lines`);
  if (new Set(requested.map((line) => line.productId)).size !== requested.length) {
    return reject('unprocessable', 'each product may appear on one line only');
  }
  const lines: OrderLine[] = [];
  for (const line of requested) {
    const priced = priceLine(line);
    if (isRejection(priced)) return priced;
    lines.push(priced);
  }
  const [first] = lines;
  if (first === undefined) return reject('unprocessable', 'an order needs at least one line');
  if (!lines.every((line) => sameCurrency(line.unitPrice, first.unitPrice))) return reject('unprocessable', 'an order cannot mix currencies');
  const total = lines.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  if (!Number.isSafeInteger(total)) return reject('unprocessable', 'the order total is too large');
  return { lines, total: money(total, first.unitPrice.currency) };
}
