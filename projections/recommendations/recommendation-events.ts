import { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRejected } from '../../domain/ordering/events.js';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import { ProductViewed } from '../../domain/tracking/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { decodeIfKnown } from '../runner/decode.js';

/** What the recommendations learn from: orders (placed, then confirmed or dropped) and product views. */
const readEvents = [OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled, ProductViewed] as const;

export type RecommendationEvent = EventOf<(typeof readEvents)[number]>;

/** The event decoded (schema-checked), or undefined for the types the recommendations do not read. */
export function decodeRecommendationEvent(event: RecordedEvent): RecommendationEvent | undefined {
  return decodeIfKnown(readEvents, event);
}
