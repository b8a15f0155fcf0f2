import { z } from 'zod';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { KeyedTable, RowFold } from '../runner/keyed-rows.js';
import type { CatalogReadEvent } from './catalog-events.js';

const CategoryRowSchema = z.object({
  category_id: z.string(),
  name: z.string(),
  parent_id: z.string().nullable(),
  created_at: z.string(),
  position: z.string(),
});
export type CategoryRow = z.infer<typeof CategoryRowSchema>;

export const categoriesTable: KeyedTable<CategoryRow> = {
  table: 'catalog_categories',
  key: 'category_id',
  columns: { category_id: 'uuid', name: 'text', parent_id: 'uuid', created_at: 'timestamptz', position: 'bigint' },
  row: CategoryRowSchema,
};

/** A category is created once and never changes (its parent is fixed: the tree cannot grow cycles). */
export function categoryFold(decoded: ReadonlyMap<RecordedEvent, CatalogReadEvent>): RowFold<CategoryRow> {
  return {
    keyOf(event) {
      const known = decoded.get(event);
      return known?.type === 'CategoryCreated' ? known.data.categoryId : undefined;
    },
    evolve(_row, event) {
      const known = decoded.get(event);
      if (known?.type !== 'CategoryCreated') return undefined;
      const { categoryId, name, parentId, createdAt } = known.data;
      return { category_id: categoryId, name, parent_id: parentId, created_at: createdAt, position: event.position.toString() };
    },
  };
}
