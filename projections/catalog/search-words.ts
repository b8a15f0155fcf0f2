import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/**
 * Adds the words of these products (as Postgres split them into `search_words`) to the dictionary
 * that typo-tolerant search expands query terms against. Words are never removed: a word no product
 * has any more only expands a query term to a word that matches nothing, and a rebuild drops it.
 */
export async function learnSearchWords(tx: SqlExecutor, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await tx.query(
    `INSERT INTO catalog_search_words (word)
       SELECT DISTINCT word FROM catalog_products, unnest(search_words) AS word WHERE product_id = ANY($1::uuid[])
     ON CONFLICT (word) DO NOTHING`,
    [[...new Set(productIds)]],
  );
}
