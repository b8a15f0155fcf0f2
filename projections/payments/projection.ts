import type { Projection } from '../projection.js';

/** Placeholder until the payments read model lands (projections issue). */
export const paymentsProjection: Projection = {
  name: 'payments',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
