import pg from 'pg';
import type { z } from 'zod';

/** Runs one query on a fresh connection and checks every row with the schema. */
export async function queryRows<Schema extends z.ZodType>(url: string, schema: Schema, sql: string, params: unknown[] = []): Promise<z.infer<Schema>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql, params);
    return result.rows.map((row: unknown) => schema.parse(row));
  } finally {
    await client.end();
  }
}
