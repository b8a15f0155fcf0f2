import type { Projection } from '../projection.js';

/** Placeholder until the catalog read model lands (projections issue). */
export const catalogProjection: Projection = {
  name: 'catalog',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
