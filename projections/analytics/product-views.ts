import { z } from 'zod';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import type { ProductViewed } from '../../domain/tracking/events.js';
import type { FactOrigin } from './fact-time.js';

/** One row of `product_views`: a product seen in a browsing session (the user empty when anonymous). */
export const ProductViewSchema = z.object({
  event_id: z.string(),
  product_id: z.string(),
  session_id: z.string(),
  user_id: z.string(),
  viewed_at: z.number().int().nonnegative(),
  /** The event's position in `$all`, in decimal (an Int64 column: JSON numbers cannot hold it exactly). */
  position: z.string(),
});
export type ProductView = z.infer<typeof ProductViewSchema>;

export function productView(viewed: EventOf<typeof ProductViewed>['data'], event: FactOrigin): ProductView {
  return {
    event_id: event.eventId,
    product_id: viewed.productId,
    session_id: viewed.sessionId,
    user_id: viewed.userId ?? '',
    viewed_at: event.occurredAt,
    position: event.position.toString(),
  };
}
