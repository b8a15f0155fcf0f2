import { userEvents } from '../../domain/users/events.js';
import type { Projection } from '../projection.js';
import { foldOfBatch } from '../runner/domain-fold.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { usersSchema, usersTables } from './schema.js';
import { evolveUser, userRows } from './user-row.js';

/** Users with their roles (`users`), for admins and support. */
export const usersProjection: Projection = {
  name: 'users',
  schema: usersSchema,
  tables: usersTables,
  async apply(tx, events) {
    await foldIntoTable(tx, userRows, foldOfBatch(userEvents, { keyOf: (event) => event.data.userId, evolve: (row, event, recorded) => evolveUser(row, event, recorded.position) }, events), events);
  },
};
