import { z } from 'zod';
import { normalizeEmail } from '../../domain/users/email.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { decodeCursor, pageFrom } from '../http/pagination.js';
import { userColumns, userOf, UserRowSchema, type User } from './user-rows.js';

/** Keyset position in the listing: the last answered user's registration time and id. */
const CursorSchema = z.tuple([z.literal('registered'), z.iso.datetime(), z.uuid()]);

/** Users in the order they registered; with `email`, the one registered under it (compared normalised, as the users context stores it). */
export async function usersPage(
  db: SqlExecutor,
  query: { email?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: User[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CursorSchema);
  const { rows } = await db.query(
    `SELECT ${userColumns} FROM users
      WHERE ($1::text IS NULL OR email = $1::text)
        AND ($2::timestamptz IS NULL OR (registered_at, user_id) > ($2::timestamptz, $3::uuid))
      ORDER BY registered_at, user_id
      LIMIT $4`,
    [query.email === undefined ? null : normalizeEmail(query.email), after?.[1] ?? null, after?.[2] ?? null, query.limit + 1],
  );
  return pageFrom(z.array(UserRowSchema).parse(rows), query.limit, userOf, (row) => ['registered', row.registered_key, row.user_id]);
}
