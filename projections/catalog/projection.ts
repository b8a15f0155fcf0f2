import type { Projection } from '../projection.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { decodeCatalogEvents } from './catalog-events.js';
import { categoriesTable, categoryFold } from './categories.js';
import { productFold, productsTable, productsWithNewWords } from './products.js';
import { catalogSchema, catalogTables } from './schema.js';
import { learnSearchWords } from './search-words.js';

/** Categories and products as the storefront browses and searches them (API.md, "Catalogue"). */
export const catalogProjection: Projection = {
  name: 'catalog',
  schema: catalogSchema,
  tables: catalogTables,
  async apply(tx, events) {
    const decoded = decodeCatalogEvents(events);
    if (decoded.size === 0) return;
    await foldIntoTable(tx, categoriesTable, categoryFold(decoded), events);
    await foldIntoTable(tx, productsTable, productFold(decoded), events);
    await learnSearchWords(tx, productsWithNewWords(decoded));
  },
};
