import type { RecommendationKeys } from './keys.js';
import type { LuaScript } from './lua-script.js';
import type { RecommendationEvent } from './recommendation-events.js';
import { orderConfirmedScript, orderDroppedScript, orderPlacedScript, productViewedScript } from './scripts.js';

/** What one event does to Redis: a script, atomic and idempotent by its own checks. */
export interface RedisWrite {
  readonly script: LuaScript;
  readonly keys: readonly string[];
  readonly args: readonly string[];
}

/** The products of an order paired as bought together: bounds the work of a huge order (n² pairs). */
export const MAX_PAIRED_PER_ORDER = 50;
/** Products of a session paired as viewed together; later ones add nothing (a crawler, not a shopper). */
export const MAX_PRODUCTS_PER_SESSION = 100;
/** A customer's recent views kept, newest first. */
export const RECENT_VIEWS_KEPT = 50;

const script = (which: LuaScript, keys: readonly string[], args: readonly (string | number)[]): RedisWrite => ({ script: which, keys, args: args.map(String) });

/** The Redis writes of one event (pure: the keys and arguments only). */
export function writesOf(event: RecommendationEvent, keys: RecommendationKeys): RedisWrite[] {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, lines } = event.data;
      const products = [...new Set(lines.map((line) => line.productId))];
      return [script(orderPlacedScript, [keys.of('order', orderId), keys.settledOrders, keys.of('cache', customerId)], [orderId, customerId, products.join(',')])];
    }
    case 'OrderConfirmed': {
      const { orderId, confirmedAt } = event.data;
      return [
        script(
          orderConfirmedScript,
          [keys.of('order', orderId), keys.settledOrders, keys.popular],
          [orderId, keys.familyPrefix('copurchase'), keys.familyPrefix('purchases'), keys.familyPrefix('cache'), Date.parse(confirmedAt), MAX_PAIRED_PER_ORDER],
        ),
      ];
    }
    case 'OrderRejected':
    case 'OrderCancelled':
      return [script(orderDroppedScript, [keys.of('order', event.data.orderId), keys.settledOrders], [event.data.orderId])];
    case 'ProductViewed': {
      const { sessionId, productId, userId, viewedAt } = event.data;
      const viewer = userId === null ? [] : [keys.of('views', userId), keys.of('cache', userId)];
      return [
        script(
          productViewedScript,
          [keys.of('session', sessionId), ...viewer],
          [productId, keys.familyPrefix('coview'), Date.parse(viewedAt), MAX_PRODUCTS_PER_SESSION, RECENT_VIEWS_KEPT],
        ),
      ];
    }
  }
}
