import { z } from 'zod';

/** The roles a user may hold (API.md, "Auth"). */
export const roles = ['customer', 'admin', 'support', 'auditor'] as const;

export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

/** New users are customers unless told otherwise. */
export const defaultRoles: readonly Role[] = ['customer'];

/**
 * The roles as a set, in the canonical order of `roles` and without repeats, so two requests for
 * the same roles compare equal; undefined when the list is empty or names an unknown role.
 */
export function roleSet(requested: readonly string[]): readonly Role[] | undefined {
  if (requested.length === 0 || !requested.every((role) => RoleSchema.safeParse(role).success)) return undefined;
  return roles.filter((role) => requested.includes(role));
}
