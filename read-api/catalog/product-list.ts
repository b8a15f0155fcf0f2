import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { pageFrom } from '../http/pagination.js';
import { cursorValuesOf, type ProductOrder } from './product-order.js';
import { textMatchesCtes } from './product-text-search.js';
import { productViewColumns, productViewJoins, productViewOf, ProductViewRowSchema, type ProductView } from './product-view.js';
import { SqlParameters } from './sql-parameters.js';

export interface ProductFilter {
  /** Search text: every word must match (typos tolerated), in the name or the description. */
  readonly text?: string | undefined;
  /** Products of this category or any category below it. */
  readonly categoryId?: string | undefined;
  /** Inclusive bounds on the price amount, in minor units. */
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
}

export interface ProductPageRequest {
  readonly order: ProductOrder;
  /** The key values of the last item of the previous page (from its cursor). */
  readonly after?: readonly string[] | undefined;
  readonly limit: number;
}

const SortKeysSchema = z.array(z.string());

const categoryScopeCte = (categoryId: string, parameters: SqlParameters): string => /* sql */ `
  category_scope AS (
    SELECT category_id FROM catalog_categories WHERE category_id = ${parameters.add(categoryId, 'uuid')}
    UNION
    SELECT c.category_id FROM catalog_categories c JOIN category_scope s ON c.parent_id = s.category_id
  )`;

/** One page of the products that pass the filter, in the order asked, with the cursor of the next. */
export async function listProducts(db: SqlExecutor, filter: ProductFilter, page: ProductPageRequest): Promise<{ items: ProductView[]; nextCursor: string | null }> {
  const parameters = new SqlParameters();
  const ctes: string[] = [];
  const conditions: string[] = [];
  let matches = '';
  if (filter.text !== undefined) {
    ctes.push(textMatchesCtes(filter.text, parameters));
    matches = 'JOIN text_matches m ON m.product_id = p.product_id';
  }
  if (filter.categoryId !== undefined) {
    ctes.push(categoryScopeCte(filter.categoryId, parameters));
    conditions.push('p.category_id IN (SELECT category_id FROM category_scope)');
  }
  if (filter.minPrice !== undefined) conditions.push(`p.price_amount >= ${parameters.add(filter.minPrice, 'bigint')}`);
  if (filter.maxPrice !== undefined) conditions.push(`p.price_amount <= ${parameters.add(filter.maxPrice, 'bigint')}`);
  const { keys, descending } = page.order;
  if (page.after !== undefined) {
    const after = page.after;
    const bounds = keys.map((key, index) => parameters.add(after[index], key.type));
    conditions.push(`(${keys.map((key) => key.sql).join(', ')}) ${descending ? '<' : '>'} (${bounds.join(', ')})`);
  }
  const { rows } = await db.query(
    /* sql */ `${ctes.length > 0 ? `WITH RECURSIVE ${ctes.join(',')}` : ''}
    SELECT ${productViewColumns}, ARRAY[${keys.map((key) => key.text).join(', ')}] AS sort_keys
    FROM catalog_products p ${matches} ${productViewJoins}
    ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY ${keys.map((key) => `${key.sql} ${descending ? 'DESC' : 'ASC'}`).join(', ')}
    LIMIT ${parameters.add(page.limit + 1, 'integer')}`,
    parameters.values,
  );
  const parsed = rows.map((row) => ({ view: ProductViewRowSchema.parse(row), sortKeys: SortKeysSchema.parse(row.sort_keys) }));
  return pageFrom(parsed, page.limit, ({ view }) => productViewOf(view), ({ sortKeys }) => cursorValuesOf(page.order, sortKeys));
}
