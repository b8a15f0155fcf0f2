/**
 * Users as admins and support look them up: never the password hash (the users context keeps that in
 * its streams, for login only). Sessions are not part of it.
 */
export const usersSchema = `
CREATE TABLE IF NOT EXISTS users (
  user_id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  roles text[] NOT NULL,
  registered_at timestamptz NOT NULL,
  roles_changed_at timestamptz,
  position bigint NOT NULL
);
-- Look-up by (normalised) email; not unique here: the users context guards uniqueness, a read model never refuses an event.
CREATE INDEX IF NOT EXISTS users_by_email ON users (email);
-- The listing's keyset order.
CREATE INDEX IF NOT EXISTS users_by_registration ON users (registered_at, user_id);
`;

export const usersTables = ['users'] as const;
