import { categoryDecider } from './category.js';
import { categoryEvents, productEvents, skuReservationEvents } from './events.js';
import { productDecider } from './product.js';
import { skuReservationDecider } from './sku-reservation.js';

/** The catalog context's aggregates: their rules and event definitions, for the command handlers. */
export const categoryAggregate = { decider: categoryDecider, events: categoryEvents } as const;
export const skuReservationAggregate = { decider: skuReservationDecider, events: skuReservationEvents } as const;
export const productAggregate = { decider: productDecider, events: productEvents } as const;
