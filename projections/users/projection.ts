import { userEvents, type UserEvent } from '../../domain/users/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { Projection } from '../projection.js';
import { decodeIfKnown } from '../runner/decode.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { usersSchema, usersTables } from './schema.js';
import { evolveUser, userRows } from './user-row.js';

/** Users with their roles (`users`), for admins and support. */
export const usersProjection: Projection = {
  name: 'users',
  schema: usersSchema,
  tables: usersTables,
  async apply(tx, events) {
    // Each event is decoded (and checked) once, then both keyed and folded from the decoded form.
    const decoded = new Map<RecordedEvent, UserEvent>();
    for (const event of events) {
      const userEvent = decodeIfKnown(userEvents, event);
      if (userEvent !== undefined) decoded.set(event, userEvent);
    }
    await foldIntoTable(
      tx,
      userRows,
      {
        keyOf: (event) => decoded.get(event)?.data.userId,
        evolve: (row, event) => {
          const userEvent = decoded.get(event);
          return userEvent === undefined ? undefined : evolveUser(row, userEvent, event.position);
        },
      },
      events,
    );
  },
};
