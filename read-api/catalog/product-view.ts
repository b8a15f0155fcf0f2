import { z } from 'zod';
import { ProductRowSchema } from '../../projections/catalog/products.js';
import { AttributesSchema } from '../../domain/catalog/attributes.js';
import { MoneySchema } from '../../domain/shared/money.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/** A product as the storefront shows it, in a list as in its own page (API.md, "Catalogue"). */
export const ProductViewSchema = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  price: MoneySchema,
  categoryId: z.uuid(),
  attributes: AttributesSchema,
  status: z.enum(['active', 'discontinued']),
  rating: z.object({
    average: z.number().describe('mean of the approved reviews\' ratings, to 2 decimals; 0 without any'),
    count: z.number().int().describe('how many approved reviews'),
  }),
  availability: z.object({ available: z.number().int().describe('units that can still be sold') }),
});
export type ProductView = z.infer<typeof ProductViewSchema>;

/**
 * What a product view selects, from `catalog_products p` joined with `productViewJoins`: rating and
 * stock come from the reviews and inventory read models; a product they hold nothing for has none.
 */
export const productViewColumns = /* sql */ `p.product_id, p.sku, p.name, p.description, p.price_amount::text AS price_amount, p.price_currency,
  p.category_id, p.attributes, p.status, COALESCE(r.rating_count, 0) AS rating_count, COALESCE(r.rating_sum, 0) AS rating_sum,
  COALESCE(i.available, 0) AS available`;

export const productViewJoins = /* sql */ `LEFT JOIN product_ratings r ON r.product_id = p.product_id
  LEFT JOIN inventory_levels i ON i.product_id = p.product_id`;

export const ProductViewRowSchema = ProductRowSchema.omit({ created_at: true, position: true }).extend({
  rating_count: z.number().int(),
  rating_sum: z.number().int(),
  available: z.number().int(),
});
export type ProductViewRow = z.infer<typeof ProductViewRowSchema>;

export function productViewOf(row: ProductViewRow): ProductView {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amount: Number(row.price_amount), currency: row.price_currency },
    categoryId: row.category_id,
    attributes: row.attributes,
    status: row.status,
    rating: { average: row.rating_count === 0 ? 0 : Math.round((row.rating_sum / row.rating_count) * 100) / 100, count: row.rating_count },
    availability: { available: row.available },
  };
}

/** The product, or undefined when the catalogue never saw it created. */
export async function findProduct(db: SqlExecutor, productId: string): Promise<ProductView | undefined> {
  const { rows } = await db.query(`SELECT ${productViewColumns} FROM catalog_products p ${productViewJoins} WHERE p.product_id = $1::uuid`, [productId]);
  return rows[0] === undefined ? undefined : productViewOf(ProductViewRowSchema.parse(rows[0]));
}
