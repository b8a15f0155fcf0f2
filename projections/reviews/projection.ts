import { reviewEvents, type ReviewEvent } from '../../domain/reviews/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { Projection } from '../projection.js';
import { decodeIfKnown } from '../runner/decode.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { recountRatings } from './product-ratings.js';
import { evolveReview, reviewRows } from './review-row.js';
import { reviewsSchema, reviewsTables } from './schema.js';

/** Reviews with their moderation (`reviews`) and the approved ratings per product (`product_ratings`). */
export const reviewsProjection: Projection = {
  name: 'reviews',
  schema: reviewsSchema,
  tables: reviewsTables,
  async apply(tx, events) {
    // Each event is decoded (and checked) once, then both keyed and folded from the decoded form.
    const decoded = new Map<RecordedEvent, ReviewEvent>();
    for (const event of events) {
      const reviewEvent = decodeIfKnown(reviewEvents, event);
      if (reviewEvent !== undefined) decoded.set(event, reviewEvent);
    }
    const touched = await foldIntoTable(
      tx,
      reviewRows,
      {
        keyOf: (event) => decoded.get(event)?.data.reviewId,
        evolve: (row, event) => {
          const reviewEvent = decoded.get(event);
          return reviewEvent === undefined ? undefined : evolveReview(row, reviewEvent, event.position);
        },
      },
      events,
    );
    await recountRatings(tx, touched.values());
  },
};
