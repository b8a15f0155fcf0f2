import type { Projection } from '../projection.js';

/** Placeholder until the orders read model lands (projections issue). */
export const ordersProjection: Projection = {
  name: 'orders',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
