import { z } from 'zod';
import { ERASED } from '../../domain/shared/personal-data.js';
import type { UserEvent } from '../../domain/users/events.js';
import { RoleSchema } from '../../domain/users/roles.js';
import type { KeyedTable } from '../runner/keyed-rows.js';

/** One row of `users` after the last event folded (`position`). Holds no password hash, by design. */
export const UserRowSchema = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  registered_at: z.iso.datetime(),
  roles_changed_at: z.iso.datetime().nullable(),
  position: z.string().regex(/^\d+$/),
});
export type UserRow = z.infer<typeof UserRowSchema>;

export const userRows: KeyedTable<UserRow> = {
  table: 'users',
  key: 'user_id',
  columns: {
    user_id: 'uuid',
    email: 'text',
    name: 'text',
    roles: 'text[]',
    registered_at: 'timestamptz',
    roles_changed_at: 'timestamptz',
    position: 'bigint',
  },
  row: UserRowSchema,
};

/** The row after the event; undefined for a roles change of a user never registered (the aggregate ignores it too). */
export function evolveUser(row: UserRow | undefined, event: UserEvent, position: bigint): UserRow | undefined {
  const at = position.toString();
  switch (event.type) {
    case 'UserRegistered':
      // Picked field by field: the event's password hash must never reach the table.
      return {
        user_id: event.data.userId,
        email: event.data.email,
        name: event.data.name,
        roles: [...event.data.roles],
        registered_at: event.data.registeredAt,
        roles_changed_at: null,
        position: at,
      };
    case 'RolesChanged':
      return row === undefined ? undefined : { ...row, roles: [...event.data.roles], roles_changed_at: event.data.changedAt, position: at };
    case 'UserErased':
      // What the events themselves say of them from now on (their key is destroyed): the row stays, so admins see who was erased.
      return row === undefined ? undefined : { ...row, email: ERASED, name: ERASED, position: at };
  }
}
