import { z } from 'zod';
import { notificationPreferencesStream } from '../../domain/notifications/preferences.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { epochSeconds, type FactOrigin } from './fact-time.js';

/** One row of `event_facts`: every event, with the ids it names. Times are epoch seconds. */
export const EventFactSchema = z.object({
  event_id: z.string(),
  type: z.string(),
  stream_category: z.string(),
  stream_id: z.string(),
  order_id: z.string(),
  product_id: z.string(),
  customer_id: z.string(),
  actor_id: z.string(),
  correlation_id: z.string(),
  occurred_at: z.number().int().nonnegative(),
  recorded_at: z.number().int().nonnegative(),
  /** The event's position in `$all`, in decimal (an Int64 column: JSON numbers cannot hold it exactly). */
  position: z.string(),
});
export type EventFact = z.infer<typeof EventFactSchema>;

/**
 * An id the event's data names, whatever its type; anything but a string counts as absent. A plain
 * check, not a zod schema: it runs for every event, and a schema's fallbacks cost ten times as much.
 */
const idIn = (data: RecordedEvent['data'], field: 'orderId' | 'productId' | 'customerId'): string => {
  const value = data[field];
  return typeof value === 'string' ? value : '';
};

/** Stream prefixes (`<category>-`) whose category holds a dash itself; every other category ends at the first dash. */
const DASHED_CATEGORIES = [notificationPreferencesStream('')];

/** A stream id is `<category>-<id>`, and the id may hold dashes too (`browsing-web-1`). */
export function streamCategory(streamId: string): string {
  const dashed = DASHED_CATEGORIES.find((prefix) => streamId.startsWith(prefix));
  if (dashed !== undefined) return dashed.slice(0, -1);
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}

export function eventFact(event: RecordedEvent, origin: FactOrigin): EventFact {
  return {
    event_id: event.eventId,
    type: event.type,
    stream_category: streamCategory(event.streamId),
    stream_id: event.streamId,
    order_id: idIn(event.data, 'orderId'),
    product_id: idIn(event.data, 'productId'),
    customer_id: idIn(event.data, 'customerId'),
    actor_id: event.metadata.actorId ?? '',
    correlation_id: event.metadata.correlationId,
    occurred_at: origin.occurredAt,
    recorded_at: epochSeconds(event.recordedAt.getTime()),
    position: origin.position.toString(),
  };
}
