import { z } from 'zod';
import { RoleSchema } from '../../domain/users/roles.js';

/** A user as the read model stores it, with the registration time twice: for display (ms) and as an exact keyset key (µs). */
export const UserRowSchema = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  registered_at: z.iso.datetime(),
  registered_key: z.iso.datetime(),
});
export type UserRow = z.infer<typeof UserRowSchema>;

const iso = (fraction: 'MS' | 'US'): string => `to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"')`;

/** The select list that `UserRowSchema` parses. */
export const userColumns = `user_id, email, name, roles, ${iso('MS')} AS registered_at, ${iso('US')} AS registered_key`;

/** A user as admins and support see it. */
export const UserSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  registeredAt: z.iso.datetime(),
});
export type User = z.infer<typeof UserSchema>;

export function userOf(row: UserRow): User {
  return { userId: row.user_id, email: row.email, name: row.name, roles: row.roles, registeredAt: row.registered_at };
}
