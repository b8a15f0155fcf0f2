import type { Projection } from '../projection.js';

/** Placeholder until the users read model lands (projections issue). */
export const usersProjection: Projection = {
  name: 'users',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
