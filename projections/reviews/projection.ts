import { reviewEvents } from '../../domain/reviews/events.js';
import type { Projection } from '../projection.js';
import { foldOfBatch } from '../runner/domain-fold.js';
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
    const touched = await foldIntoTable(tx, reviewRows, foldOfBatch(reviewEvents, { keyOf: (event) => event.data.reviewId, evolve: (row, event, recorded) => evolveReview(row, event, recorded.position) }, events), events);
    await recountRatings(tx, touched.values());
  },
};
