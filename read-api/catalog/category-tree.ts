import { z } from 'zod';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

export interface CategoryNode {
  readonly categoryId: string;
  readonly name: string;
  readonly children: readonly CategoryNode[];
}

export const CategoryNodeSchema: z.ZodType<CategoryNode> = z.object({
  categoryId: z.uuid(),
  name: z.string(),
  get children() {
    return z.array(CategoryNodeSchema);
  },
});

const CategoryRowsSchema = z.array(z.object({ category_id: z.string(), name: z.string(), parent_id: z.string().nullable() }));

/** Every category, top-level ones at the root, each level by name. */
export async function categoryTree(db: SqlExecutor): Promise<CategoryNode[]> {
  const { rows } = await db.query('SELECT category_id, name, parent_id FROM catalog_categories ORDER BY name, category_id');
  const categories = CategoryRowsSchema.parse(rows);
  const known = new Set(categories.map((category) => category.category_id));
  const childrenOf = new Map<string | null, typeof categories>();
  for (const category of categories) {
    // A parent always exists before its child; a child read without it would still be shown, at the root.
    const parent = category.parent_id !== null && known.has(category.parent_id) ? category.parent_id : null;
    const siblings = childrenOf.get(parent);
    if (siblings === undefined) childrenOf.set(parent, [category]);
    else siblings.push(category);
  }
  const nodesUnder = (parent: string | null): CategoryNode[] =>
    (childrenOf.get(parent) ?? []).map((category) => ({ categoryId: category.category_id, name: category.name, children: nodesUnder(category.category_id) }));
  return nodesUnder(null);
}
