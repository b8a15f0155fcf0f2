import type { Projection } from '../projection.js';

/** Placeholder until the inventory read model lands (projections issue). */
export const inventoryProjection: Projection = {
  name: 'inventory',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
