import { z } from 'zod';
import { AttributesSchema } from '../../domain/catalog/attributes.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { ProductFacts } from './content-similarity.js';

/** Candidates read per category of the seeds: bounds the content look-up in a large category (the newest win). */
const CANDIDATES_PER_CATEGORY = 500;

const FactsRowsSchema = z.array(z.object({ is_seed: z.boolean(), product_id: z.string(), category_id: z.string(), attributes: AttributesSchema }));
const IdRowsSchema = z.array(z.object({ product_id: z.string() }));

export interface ContentFacts {
  /** The seeds the catalogue knows (discontinued ones too: they still say what the shopper likes). */
  readonly seeds: ProductFacts[];
  /** Active products in the seeds' categories. */
  readonly candidates: ProductFacts[];
}

/** From the catalogue read model: the seeds' categories and attributes, and the active products that may resemble them. */
export async function contentFacts(db: SqlExecutor, seeds: readonly string[]): Promise<ContentFacts> {
  if (seeds.length === 0) return { seeds: [], candidates: [] };
  const { rows } = await db.query(
    /* sql */ `WITH seed AS (SELECT product_id, category_id, attributes FROM catalog_products WHERE product_id = ANY($1::uuid[]))
     SELECT true AS is_seed, product_id::text AS product_id, category_id::text AS category_id, attributes FROM seed
     UNION ALL
     SELECT false, p.product_id::text, p.category_id::text, p.attributes
       FROM (SELECT DISTINCT category_id FROM seed) c
       CROSS JOIN LATERAL (SELECT product_id, category_id, attributes FROM catalog_products
                            WHERE category_id = c.category_id AND status = 'active'
                            ORDER BY created_at DESC, product_id LIMIT $2) p`,
    [[...seeds], CANDIDATES_PER_CATEGORY],
  );
  const facts = FactsRowsSchema.parse(rows).map((row) => ({ isSeed: row.is_seed, productId: row.product_id, categoryId: row.category_id, attributes: row.attributes }));
  return {
    seeds: facts.filter((row) => row.isSeed),
    candidates: facts.filter((row) => !row.isSeed),
  };
}

/** Those of the products the catalogue knows and still sells (never a discontinued one). */
export async function activeAmong(db: SqlExecutor, productIds: readonly string[]): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const { rows } = await db.query("SELECT product_id::text AS product_id FROM catalog_products WHERE product_id = ANY($1::uuid[]) AND status = 'active'", [[...new Set(productIds)]]);
  return new Set(IdRowsSchema.parse(rows).map((row) => row.product_id));
}
