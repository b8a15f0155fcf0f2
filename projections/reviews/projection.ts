import type { Projection } from '../projection.js';

/** Placeholder until the reviews read model lands (projections issue). */
export const reviewsProjection: Projection = {
  name: 'reviews',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
