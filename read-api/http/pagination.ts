import { z } from 'zod';

/** `limit` (1..100, default 20) and an opaque `cursor` (API.md, "Pagination"). */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(1_000).optional(),
});

export const pageOf = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Thrown for a cursor this API did not make (or made for another sort): a 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this query');
    this.name = 'InvalidCursorError';
  }
}

/** A keyset cursor: the sort values of the last item answered, opaque to clients. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<Schema extends z.ZodType>(cursor: string, schema: Schema): z.infer<Schema> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64url JSON: the same answer as JSON of the wrong shape.
  }
  throw new InvalidCursorError();
}

/**
 * A page from `limit + 1` rows fetched in keyset order: the extra row only says whether there is
 * more; the cursor is made from the last item answered.
 */
export function pageFrom<Row, Item>(rows: readonly Row[], limit: number, toItem: (row: Row) => Item, cursorOf: (row: Row) => readonly (string | number | null)[]): { items: Item[]; nextCursor: string | null } {
  const answered = rows.slice(0, limit);
  const last = answered.at(-1);
  return { items: answered.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
