import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { userColumns, userOf, UserRowSchema, type User } from './user-rows.js';

/** The user, or undefined when no such user is registered. */
export async function findUser(db: SqlExecutor, userId: string): Promise<User | undefined> {
  const { rows } = await db.query(`SELECT ${userColumns} FROM users WHERE user_id = $1`, [userId]);
  const [row] = z.array(UserRowSchema).parse(rows);
  return row === undefined ? undefined : userOf(row);
}
