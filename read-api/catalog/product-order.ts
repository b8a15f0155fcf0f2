import { z } from 'zod';
import { decodeCursor } from '../http/pagination.js';

export const ProductSortSchema = z.enum(['relevance', 'price_asc', 'price_desc', 'rating', 'newest']);
export type ProductSort = z.infer<typeof ProductSortSchema>;

type KeyType = 'bigint' | 'numeric' | 'timestamptz' | 'uuid';

/** One column of an order: the SQL that sorts, its text (exact, for the cursor) and its type (to read the cursor back). */
interface SortKey {
  readonly sql: string;
  readonly text: string;
  readonly type: KeyType;
}

/**
 * How a list is ordered: keys compared as one row value, all in one direction, the product id last so
 * the order is total. A page goes on strictly after the keys of the last item answered (keyset
 * pagination), so an item never shows twice or goes missing while products are added or changed.
 */
export interface ProductOrder {
  readonly sort: ProductSort;
  readonly keys: readonly SortKey[];
  readonly descending: boolean;
}

const productId: SortKey = { sql: 'p.product_id', text: 'p.product_id::text', type: 'uuid' };
const price: SortKey = { sql: 'p.price_amount', text: 'p.price_amount::text', type: 'bigint' };
const createdAt: SortKey = { sql: 'p.created_at', text: `to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, type: 'timestamptz' };
// Exact numeric division, so the cursor holds exactly the value compared.
const ratingAverageSql = 'CASE WHEN r.rating_count > 0 THEN r.rating_sum::numeric / r.rating_count ELSE 0 END';
const ratingAverage: SortKey = { sql: ratingAverageSql, text: `(${ratingAverageSql})::text`, type: 'numeric' };
const ratingCount: SortKey = { sql: 'COALESCE(r.rating_count, 0)', text: 'COALESCE(r.rating_count, 0)::text', type: 'bigint' };
// `text_matches` is joined as `m` whenever the list is searched (see product-text-search.ts).
const relevance: SortKey = { sql: 'm.relevance', text: 'm.relevance::text', type: 'numeric' };

const orders: Readonly<Record<ProductSort, ProductOrder>> = {
  relevance: { sort: 'relevance', keys: [relevance, productId], descending: true },
  price_asc: { sort: 'price_asc', keys: [price, productId], descending: false },
  price_desc: { sort: 'price_desc', keys: [price, productId], descending: true },
  // Best average first; among equals, the one more customers rated.
  rating: { sort: 'rating', keys: [ratingAverage, ratingCount, productId], descending: true },
  newest: { sort: 'newest', keys: [createdAt, productId], descending: true },
};

/** The order asked for; relevance needs a search text, without one every product is as relevant: newest first. */
export function productOrder(sort: ProductSort | undefined, searched: boolean): ProductOrder {
  const wanted = sort ?? (searched ? 'relevance' : 'newest');
  return orders[wanted === 'relevance' && !searched ? 'newest' : wanted];
}

const keyValueSchemas: Readonly<Record<KeyType, z.ZodType<string>>> = {
  // At most 18 digits: always within bigint.
  bigint: z.string().regex(/^-?\d{1,18}$/),
  numeric: z.string().regex(/^-?\d{1,20}(\.\d{1,40})?$/),
  timestamptz: z.iso.datetime(),
  uuid: z.uuid(),
};

/** What a cursor carries: its sort's name and the last item's key values, as text. */
export function cursorValuesOf(order: ProductOrder, keyValues: readonly string[]): readonly string[] {
  return [order.sort, ...keyValues];
}

/** The key values a cursor goes on after; InvalidCursorError when it was not made for this order. */
export function keysAfter(order: ProductOrder, cursor: string): readonly string[] {
  const schema = z
    .array(z.string())
    .refine(
      ([sort, ...values]) => sort === order.sort && values.length === order.keys.length && order.keys.every((key, index) => keyValueSchemas[key.type].safeParse(values[index]).success),
    );
  return decodeCursor(cursor, schema).slice(1);
}
