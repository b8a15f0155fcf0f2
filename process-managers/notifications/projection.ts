import type { Projection } from '../../projections/projection.js';

/** Placeholder until the notifications land (process-managers issue). */
export const notificationsProjection: Projection = {
  name: 'notifications',
  schema: 'SELECT 1;',
  tables: [],
  apply: () => Promise.resolve(),
};
