import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgliteDatabase } from '../../infra/postgres/pglite-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { catalogProjection } from '../../projections/catalog/projection.js';
import { inventoryProjection } from '../../projections/inventory/projection.js';
import { reviewsProjection } from '../../projections/reviews/projection.js';
import { installProjectionSchema, useSchema } from '../../projections/runner/schema.js';
import { categoryTree } from '../../read-api/catalog/category-tree.js';
import { listProducts, type ProductFilter } from '../../read-api/catalog/product-list.js';
import { keysAfter, productOrder, type ProductSort } from '../../read-api/catalog/product-order.js';
import { findProduct, type ProductView } from '../../read-api/catalog/product-view.js';
import { InvalidCursorError } from '../../read-api/http/pagination.js';
import { recorded, useProjection } from '../support/projections.js';

// Each product is created a second after the one before, so "newest" has one right answer.
let clock = Date.parse('2025-01-01T00:00:00.000Z');
const nextInstant = (): string => new Date((clock += 1_000)).toISOString();

const categoryCreated = (name: string, parentId: string | null = null, categoryId = randomUUID()): RecordedEvent =>
  recorded(`category-${categoryId}`, 'CategoryCreated', { categoryId, name, parentId, createdAt: nextInstant() });

interface NewProduct {
  readonly name?: string;
  readonly description?: string;
  readonly amount?: number;
  readonly categoryId: string;
  readonly productId?: string;
}

const productCreated = ({ name = 'Plain product', description = 'Nothing special.', amount = 1000, categoryId, productId = randomUUID() }: NewProduct): RecordedEvent =>
  recorded(`product-${productId}`, 'ProductCreated', {
    productId,
    sku: `SKU-${productId.slice(0, 8)}`,
    name,
    description,
    price: { amount, currency: 'USD' },
    categoryId,
    attributes: { colour: 'black', weightKg: 0.2, refurbished: false },
    createdAt: nextInstant(),
  });

const idOf = (event: RecordedEvent): string => String(event.data.productId ?? event.data.categoryId);
const idsOf = (items: readonly ProductView[]): string[] => items.map((item) => item.productId);

describe('catalog projection', () => {
  const projection = useProjection(catalogProjection);

  beforeAll(async () => {
    // The product views join the ratings and stock of these read models.
    await installProjectionSchema(projection.db, inventoryProjection);
    await installProjectionSchema(projection.db, reviewsProjection);
  });

  const approveReviews = async (productId: string, ratings: readonly number[]): Promise<void> => {
    const events = ratings.flatMap((rating) => {
      const reviewId = randomUUID();
      const stream = `review-${reviewId}`;
      return [
        recorded(stream, 'ReviewSubmitted', { reviewId, productId, customerId: randomUUID(), rating, title: 'Review', body: 'Body.', verifiedPurchase: false, submittedAt: nextInstant() }),
        recorded(stream, 'ReviewApproved', { reviewId, moderatorId: randomUUID(), approvedAt: nextInstant() }),
      ];
    });
    await projection.db.transaction((tx) => reviewsProjection.apply(tx, events));
  };
  const restock = (productId: string, quantity: number) =>
    projection.db.transaction((tx) =>
      inventoryProjection.apply(tx, [recorded(`inventory-${productId}`, 'StockRestocked', { productId, quantity, onHand: quantity, restockedAt: nextInstant() })]),
    );

  /** A fresh category of its own, so each test filters to just its products. */
  const freshCategory = async (): Promise<string> => {
    const created = categoryCreated(`Category ${randomUUID()}`);
    await projection.apply([created]);
    return idOf(created);
  };
  const createProducts = async (products: readonly NewProduct[]): Promise<string[]> => {
    const events = products.map(productCreated);
    await projection.apply(events);
    return events.map(idOf);
  };
  const list = (filter: ProductFilter, sort?: ProductSort, limit = 100) =>
    listProducts(projection.db, filter, { order: productOrder(sort, filter.text !== undefined), limit });

  /** Every page of a list, fetched one after another; `between` runs after each page. */
  const everyPage = async (filter: ProductFilter, sort: ProductSort, limit: number, between: () => Promise<void> = () => Promise.resolve()): Promise<string[]> => {
    const order = productOrder(sort, filter.text !== undefined);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: readonly string[] | undefined = cursor === null ? undefined : keysAfter(order, cursor);
      const page = await listProducts(projection.db, filter, { order, after, limit });
      seen.push(...idsOf(page.items));
      cursor = page.nextCursor;
      await between();
    } while (cursor !== null);
    return seen;
  };

  const snapshot = async () => ({
    categories: await projection.rows('SELECT *, position::text AS position FROM catalog_categories ORDER BY category_id'),
    products: await projection.rows('SELECT *, position::text AS position, price_amount::text AS price_amount FROM catalog_products ORDER BY product_id'),
    words: await projection.rows('SELECT word FROM catalog_search_words ORDER BY word'),
  });

  describe('rows', () => {
    it('folds a product\'s creation, changes, price and discontinuation into one row; the same events again change nothing', async () => {
      const categoryId = await freshCategory();
      const otherCategoryId = await freshCategory();
      const created = productCreated({ name: 'Trail shoe', description: 'Grippy sole.', amount: 8999, categoryId });
      const productId = idOf(created);
      const stream = `product-${productId}`;
      const events = [
        created,
        recorded(stream, 'ProductDetailsChanged', { productId, name: 'Trail running shoe', categoryId: otherCategoryId, attributes: { colour: 'red' }, changedAt: nextInstant() }),
        recorded(stream, 'ProductPriceChanged', { productId, price: { amount: 7999, currency: 'USD' }, previousPrice: { amount: 8999, currency: 'USD' }, changedAt: nextInstant() }),
        recorded(stream, 'ProductDiscontinued', { productId, discontinuedAt: nextInstant() }),
      ];
      await projection.apply(events.slice(0, 2));
      await projection.apply(events.slice(2));

      const [row] = await projection.rows(
        `SELECT sku, name, description, price_amount::text AS price_amount, price_currency, category_id, attributes, status, position::text AS position, search_words
           FROM catalog_products WHERE product_id = $1`,
        [productId],
      );
      expect(row).toEqual({
        sku: created.data.sku,
        name: 'Trail running shoe',
        description: 'Grippy sole.',
        price_amount: '7999',
        price_currency: 'USD',
        category_id: otherCategoryId,
        attributes: { colour: 'red' },
        status: 'discontinued',
        position: events[3]?.position.toString(),
        search_words: ['grippy', 'running', 'shoe', 'sole', 'trail'],
      });
      const words = await projection.rows("SELECT word FROM catalog_search_words WHERE word IN ('trail', 'running', 'shoe', 'grippy', 'sole')");
      expect(words).toHaveLength(5);

      const before = await snapshot();
      await projection.apply(events);
      await projection.apply(events.slice(1, 3));
      expect(await snapshot()).toEqual(before);
    });

    it('ignores changes to a product it never saw created, and events of other contexts', async () => {
      const productId = randomUUID();
      const before = await snapshot();
      await projection.apply([
        recorded(`product-${productId}`, 'ProductPriceChanged', { productId, price: { amount: 5, currency: 'USD' }, previousPrice: { amount: 4, currency: 'USD' }, changedAt: nextInstant() }),
        recorded(`inventory-${productId}`, 'StockRestocked', { productId, quantity: 1, onHand: 1, restockedAt: nextInstant() }),
        recorded(`sku-abc`, 'SkuReserved', { sku: 'ABC', productId, reservedAt: nextInstant() }),
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('answers the category tree, three levels deep, each level by name; re-applied events change nothing', async () => {
      const root = categoryCreated('Zz Electronics');
      const phones = categoryCreated('Phones', idOf(root));
      const cables = categoryCreated('Cables', idOf(root));
      const smartphones = categoryCreated('Smartphones', idOf(phones));
      const events = [root, phones, cables, smartphones];
      await projection.apply(events);
      await projection.apply(events);

      const tree = await categoryTree(projection.db);
      const electronics = tree.find((node) => node.categoryId === idOf(root));
      expect(electronics).toEqual({
        categoryId: idOf(root),
        name: 'Zz Electronics',
        children: [
          { categoryId: idOf(cables), name: 'Cables', children: [] },
          { categoryId: idOf(phones), name: 'Phones', children: [{ categoryId: idOf(smartphones), name: 'Smartphones', children: [] }] },
        ],
      });
      expect(tree.every((node) => node.categoryId !== idOf(phones))).toBe(true);
    });

    it('keeps its tables in the schema it is given, as a rebuild does', async () => {
      await installProjectionSchema(projection.db, catalogProjection, 'catalog_rebuild_check');
      const categoryId = randomUUID();
      await projection.db.transaction(async (tx) => {
        await useSchema(tx, 'catalog_rebuild_check');
        await catalogProjection.apply(tx, [categoryCreated('Rebuilt', null, categoryId), productCreated({ name: 'Rebuilt lamp', description: 'Lamp.', categoryId })]);
      });
      expect(await projection.rows('SELECT name FROM catalog_rebuild_check.catalog_products')).toEqual([{ name: 'Rebuilt lamp' }]);
      expect(await projection.rows('SELECT word FROM catalog_rebuild_check.catalog_search_words ORDER BY word')).toEqual([{ word: 'lamp' }, { word: 'rebuilt' }]);
      expect(await projection.rows('SELECT 1 FROM public.catalog_categories WHERE category_id = $1', [categoryId])).toEqual([]);
      await projection.db.exec('DROP SCHEMA catalog_rebuild_check CASCADE');
    });

    it('folds a large history in batches (the rebuild\'s way): every product lands', async () => {
      const categoryId = await freshCategory();
      // A product's usual history: created, repriced, redescribed (so its words are learnt twice).
      const events = Array.from({ length: 7_000 }, (_, index) => {
        const created = productCreated({ name: `Bulk item ${index}`, description: `Batch word${index % 500} filler text`, amount: 100 + index, categoryId });
        const productId = idOf(created);
        const stream = `product-${productId}`;
        return [
          created,
          recorded(stream, 'ProductPriceChanged', { productId, price: { amount: 99 + index, currency: 'USD' }, previousPrice: { amount: 100 + index, currency: 'USD' }, changedAt: nextInstant() }),
          recorded(stream, 'ProductDetailsChanged', { productId, description: `Batch word${index % 700} better text`, changedAt: nextInstant() }),
        ];
      }).flat();
      for (let from = 0; from < events.length; from += 2_000) await projection.apply(events.slice(from, from + 2_000));
      expect(await projection.rows('SELECT count(*)::int AS count FROM catalog_products WHERE category_id = $1', [categoryId])).toEqual([{ count: 7_000 }]);
    });
  });

  describe('a product\'s view', () => {
    it('shows its details with the approved reviews\' rating and the stock available', async () => {
      const categoryId = await freshCategory();
      const [productId = ''] = await createProducts([{ name: 'Kettle', description: 'Boils water.', amount: 2599, categoryId }]);
      await approveReviews(productId, [5, 4, 4]);
      await restock(productId, 7);
      expect(await findProduct(projection.db, productId)).toEqual({
        productId,
        sku: `SKU-${productId.slice(0, 8)}`,
        name: 'Kettle',
        description: 'Boils water.',
        price: { amount: 2599, currency: 'USD' },
        categoryId,
        attributes: { colour: 'black', weightKg: 0.2, refurbished: false },
        status: 'active',
        rating: { average: 4.33, count: 3 },
        availability: { available: 7 },
      });
    });

    it('shows a product without reviews or stock as unrated and unavailable, and nothing for an unknown product', async () => {
      const categoryId = await freshCategory();
      const [productId = ''] = await createProducts([{ categoryId }]);
      expect(await findProduct(projection.db, productId)).toMatchObject({ rating: { average: 0, count: 0 }, availability: { available: 0 } });
      expect(await findProduct(projection.db, randomUUID())).toBeUndefined();
    });

    it('still lists a discontinued product, with its status', async () => {
      const categoryId = await freshCategory();
      const [kept = '', dropped = ''] = await createProducts([{ name: 'Kept', categoryId }, { name: 'Dropped', categoryId }]);
      await projection.apply([recorded(`product-${dropped}`, 'ProductDiscontinued', { productId: dropped, discontinuedAt: nextInstant() })]);
      const { items } = await list({ categoryId }, 'newest');
      expect(items.map(({ productId, status }) => ({ productId, status }))).toEqual([
        { productId: dropped, status: 'discontinued' },
        { productId: kept, status: 'active' },
      ]);
      expect((await findProduct(projection.db, dropped))?.status).toBe('discontinued');
    });
  });

  describe('search', () => {
    it('finds "iPhone 15" for the misspelt "iphnoe", and for words of its description', async () => {
      const categoryId = await freshCategory();
      const [iphone = '', tent = ''] = await createProducts([
        { name: 'iPhone 15', description: 'Apple smartphone with a titanium frame.', categoryId },
        { name: 'Dome tent', description: 'Sleeps two hikers.', categoryId },
      ]);
      expect(idsOf((await list({ categoryId, text: 'iphnoe' })).items)).toEqual([iphone]);
      expect(idsOf((await list({ categoryId, text: 'IPHONE' })).items)).toEqual([iphone]);
      expect(idsOf((await list({ categoryId, text: 'titanium' })).items)).toEqual([iphone]);
      expect(idsOf((await list({ categoryId, text: 'hikers tent' })).items)).toEqual([tent]);
      expect(idsOf((await list({ categoryId, text: 'tents' })).items)).toEqual([tent]);
    });

    it('needs every word of the text to match, and finds nothing for words unlike any product\'s', async () => {
      const categoryId = await freshCategory();
      await createProducts([{ name: 'Espresso machine', description: 'Makes coffee.', categoryId }]);
      expect((await list({ categoryId, text: 'espresso coffee' })).items).toHaveLength(1);
      expect((await list({ categoryId, text: 'espresso bicycle' })).items).toEqual([]);
      expect((await list({ categoryId, text: 'xylophone' })).items).toEqual([]);
      expect((await list({ categoryId, text: '!!!' })).items).toEqual([]);
    });

    it('takes a near word of about the same length for a typo, not a longer word sharing some letters', async () => {
      const categoryId = await freshCategory();
      const [stand = ''] = await createProducts([
        { name: 'Smartphone stand', categoryId },
        { name: 'iPhone 15', categoryId },
        { name: 'Desk phone', categoryId },
      ]);
      expect(idsOf((await list({ categoryId, text: 'smartphone' })).items)).toEqual([stand]);
      expect(idsOf((await list({ categoryId, text: 'smartphnoe' })).items)).toEqual([stand]);
    });

    it('puts name matches before description matches, and exact words before near ones', async () => {
      const categoryId = await freshCategory();
      const [inDescription = '', nearInName = '', inName = ''] = await createProducts([
        { name: 'Protective case', description: 'Fits the lantern perfectly.', categoryId },
        { name: 'Lanterns set', description: 'Three of them.', categoryId },
        { name: 'Camping lantern', description: 'Bright and light.', categoryId },
      ]);
      expect(idsOf((await list({ categoryId, text: 'lantern' })).items)).toEqual([inName, nearInName, inDescription]);
    });

    it('combines with category, price range and the other sorts', async () => {
      const categoryId = await freshCategory();
      const [cheap = '', dear = ''] = await createProducts([
        { name: 'Wool socks', amount: 900, categoryId },
        { name: 'Wool jumper', amount: 6900, categoryId },
        { name: 'Cotton shirt', amount: 2900, categoryId },
      ]);
      expect(idsOf((await list({ categoryId, text: 'wool' }, 'price_desc')).items)).toEqual([dear, cheap]);
      expect(idsOf((await list({ categoryId, text: 'wool', maxPrice: 1000 })).items)).toEqual([cheap]);
    });
  });

  describe('filters', () => {
    it('includes every category below the one asked for, three levels down, and no other', async () => {
      const top = categoryCreated('Home');
      const kitchen = categoryCreated('Kitchen', idOf(top));
      const knives = categoryCreated('Knives', idOf(kitchen));
      const garden = categoryCreated('Garden');
      await projection.apply([top, kitchen, knives, garden]);
      const [atTop = '', inKitchen = '', inKnives = '', inGarden = ''] = await createProducts([
        { name: 'Rug', categoryId: idOf(top) },
        { name: 'Pan', categoryId: idOf(kitchen) },
        { name: 'Chef knife', categoryId: idOf(knives) },
        { name: 'Spade', categoryId: idOf(garden) },
      ]);
      expect(new Set(idsOf((await list({ categoryId: idOf(top) })).items))).toEqual(new Set([atTop, inKitchen, inKnives]));
      expect(new Set(idsOf((await list({ categoryId: idOf(kitchen) })).items))).toEqual(new Set([inKitchen, inKnives]));
      expect(idsOf((await list({ categoryId: idOf(knives) })).items)).toEqual([inKnives]);
      expect(idsOf((await list({ categoryId: idOf(garden) })).items)).toEqual([inGarden]);
      expect((await list({ categoryId: randomUUID() })).items).toEqual([]);
    });

    it('keeps prices within minPrice and maxPrice, both inclusive', async () => {
      const categoryId = await freshCategory();
      const [, at500 = '', at700 = ''] = await createProducts([
        { amount: 499, categoryId },
        { amount: 500, categoryId },
        { amount: 700, categoryId },
        { amount: 701, categoryId },
      ]);
      expect(idsOf((await list({ categoryId, minPrice: 500, maxPrice: 700 }, 'price_asc')).items)).toEqual([at500, at700]);
      expect(idsOf((await list({ categoryId, minPrice: 700 }, 'price_asc')).items)).toHaveLength(2);
      expect(idsOf((await list({ categoryId, maxPrice: 499 }, 'price_asc')).items)).toHaveLength(1);
    });
  });

  describe('sorts', () => {
    it('sorts by price both ways, by rating and by newest', async () => {
      const categoryId = await freshCategory();
      const [mid = '', low = '', high = '', unrated = ''] = await createProducts([
        { amount: 2000, categoryId },
        { amount: 1000, categoryId },
        { amount: 3000, categoryId },
        { amount: 2500, categoryId },
      ]);
      await approveReviews(mid, [5, 4]);
      await approveReviews(low, [5]);
      await approveReviews(high, [3, 5]);
      expect(idsOf((await list({ categoryId }, 'price_asc')).items)).toEqual([low, mid, unrated, high]);
      expect(idsOf((await list({ categoryId }, 'price_desc')).items)).toEqual([high, unrated, mid, low]);
      // 5.0 (1 review), 4.5, 4.0, then the unrated.
      expect(idsOf((await list({ categoryId }, 'rating')).items)).toEqual([low, mid, high, unrated]);
      expect(idsOf((await list({ categoryId }, 'newest')).items)).toEqual([unrated, high, low, mid]);
      expect(idsOf((await list({ categoryId })).items)).toEqual([unrated, high, low, mid]);
    });

    it('ranks equal averages by how many rated them', async () => {
      const categoryId = await freshCategory();
      const [few = '', many = ''] = await createProducts([{ categoryId }, { categoryId }]);
      await approveReviews(few, [4]);
      await approveReviews(many, [4, 4, 4]);
      expect(idsOf((await list({ categoryId }, 'rating')).items)).toEqual([many, few]);
    });
  });

  describe('keyset pagination', () => {
    const sorts: readonly ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'rating', 'newest'];

    it.each(sorts)('by %s: pages never repeat or skip an item while new products arrive between pages', async (sort) => {
      const categoryId = await freshCategory();
      // Equal prices, ratings and relevance on purpose: the product id must break the ties.
      const amounts = [300, 100, 200, 100, 500, 200, 400, 100, 300, 200, 600];
      const existing = await createProducts(
        amounts.map((amount, index) => ({ name: index % 2 === 0 ? `Gadget ${index}` : `Item ${index}`, description: 'A handy gadget.', amount, categoryId })),
      );
      for (const [index, productId] of existing.entries()) await approveReviews(productId, [1 + (index % 3)]);
      let added = 0;
      // New products arrive after each of the first pages: some sort before the cursor, some after it.
      const addProducts = async (): Promise<void> => {
        if (added === 4) return;
        added += 1;
        await createProducts([
          { name: `Gadget new ${added}`, amount: 50, categoryId },
          { name: `Item newer ${added}`, description: 'gadget', amount: 250, categoryId },
          { name: `Gadget newest ${added}`, amount: 10_000, categoryId },
        ]);
        const [rated = ''] = await createProducts([{ name: `Gadget rated ${added}`, amount: 150, categoryId }]);
        await approveReviews(rated, [2]);
      };
      const filter = { categoryId, ...(sort === 'relevance' ? { text: 'gadget' } : {}) };
      const seen = await everyPage(filter, sort, 3, addProducts);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => existing.includes(id)).sort()).toEqual([...existing].sort());
      expect(added).toBe(4);
    });

    it('answers the same order page by page as in one go', async () => {
      const categoryId = await freshCategory();
      await createProducts([700, 100, 400, 100, 900, 400, 100].map((amount) => ({ amount, categoryId })));
      for (const sort of ['price_asc', 'price_desc', 'newest'] as const) {
        expect(await everyPage({ categoryId }, sort, 2)).toEqual(idsOf((await list({ categoryId }, sort)).items));
      }
    });

    it('refuses a cursor made for another sort, or not made by it at all', async () => {
      const categoryId = await freshCategory();
      await createProducts([{ categoryId }, { categoryId }]);
      const { nextCursor } = await listProducts(projection.db, { categoryId }, { order: productOrder('price_asc', false), limit: 1 });
      expect(nextCursor).not.toBeNull();
      expect(() => keysAfter(productOrder('price_desc', false), nextCursor ?? '')).toThrow(InvalidCursorError);
      expect(() => keysAfter(productOrder('price_asc', false), 'not-a-cursor')).toThrow(InvalidCursorError);
      expect(() => keysAfter(productOrder('price_asc', false), Buffer.from(JSON.stringify(['price_asc', '1e999', randomUUID()])).toString('base64url'))).toThrow(InvalidCursorError);
      expect(keysAfter(productOrder('price_asc', false), nextCursor ?? '')).toHaveLength(2);
    });
  });
});

describe('catalog projection on embedded PGlite', () => {
  let db: SqlDatabase | undefined;
  const opened = (): SqlDatabase => {
    if (db === undefined) throw new Error('PGlite opens in beforeAll');
    return db;
  };

  beforeAll(async () => {
    db = await openPgliteDatabase();
    await migrate(db, projectionMigrations);
    for (const projection of [catalogProjection, inventoryProjection, reviewsProjection]) await installProjectionSchema(db, projection);
    return () => db?.close();
  });

  it('builds, searches with typos, filters and pages the same SQL', async () => {
    const root = categoryCreated('Electronics');
    const phones = categoryCreated('Phones', idOf(root));
    const iphone = productCreated({ name: 'iPhone 15', description: 'A smartphone.', amount: 79_900, categoryId: idOf(phones) });
    const pixel = productCreated({ name: 'Pixel 9', description: 'Another smartphone.', amount: 69_900, categoryId: idOf(phones) });
    await opened().transaction((tx) => catalogProjection.apply(tx, [root, phones, iphone, pixel]));

    const searched = await listProducts(opened(), { text: 'iphnoe', categoryId: idOf(root) }, { order: productOrder(undefined, true), limit: 10 });
    expect(idsOf(searched.items)).toEqual([idOf(iphone)]);
    const order = productOrder('price_asc', false);
    const first = await listProducts(opened(), { categoryId: idOf(root) }, { order, limit: 1 });
    expect(idsOf(first.items)).toEqual([idOf(pixel)]);
    const second = await listProducts(opened(), { categoryId: idOf(root) }, { order, after: keysAfter(order, first.nextCursor ?? ''), limit: 1 });
    expect(idsOf(second.items)).toEqual([idOf(iphone)]);
    expect(await findProduct(opened(), idOf(iphone))).toMatchObject({ price: { amount: 79_900, currency: 'USD' }, rating: { average: 0, count: 0 } });
    expect(await categoryTree(opened())).toEqual([
      { categoryId: idOf(root), name: 'Electronics', children: [{ categoryId: idOf(phones), name: 'Phones', children: [] }] },
    ]);
  });
});
