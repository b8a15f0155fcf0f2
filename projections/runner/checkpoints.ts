import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

const PositionRowsSchema = z.array(z.object({ position: z.string() }));
export const NOTHING_PROCESSED = -1n;

/** The position of the last event the projection applied (-1 before the first); creates the row when missing. */
export async function readCheckpoint(db: SqlExecutor, projection: string, options: { forUpdate?: boolean } = {}): Promise<bigint> {
  await db.query('INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [projection]);
  const { rows } = await db.query(`SELECT position::text AS position FROM projection_checkpoints WHERE name = $1${options.forUpdate === true ? ' FOR UPDATE' : ''}`, [projection]);
  const [row] = PositionRowsSchema.parse(rows);
  return row === undefined ? NOTHING_PROCESSED : BigInt(row.position);
}

export async function writeCheckpoint(db: SqlExecutor, projection: string, position: bigint): Promise<void> {
  await db.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [projection, position.toString()]);
}
