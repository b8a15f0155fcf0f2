import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import { pageOf, PageQuerySchema } from '../http/pagination.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { categoryTree, CategoryNodeSchema } from './category-tree.js';
import { listProducts } from './product-list.js';
import { keysAfter, productOrder, ProductSortSchema } from './product-order.js';
import { findProduct, ProductViewSchema } from './product-view.js';

const errors = { 400: ProblemSchema, 503: ProblemSchema };
const PriceBoundSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Each word costs a look-up of its near words: a bound keeps one request cheap. */
const MAX_SEARCH_WORDS = 10;

const ProductListQuerySchema = PageQuerySchema.extend({
  q: z
    .string()
    .max(200)
    .refine((text) => text.trim().split(/\s+/).length <= MAX_SEARCH_WORDS, `at most ${MAX_SEARCH_WORDS} words`)
    .optional()
    .describe('search text: every word must appear in the name or description; small typos are tolerated'),
  categoryId: z.uuid().optional().describe('this category and every category below it'),
  minPrice: PriceBoundSchema.optional().describe('lowest price amount, in minor units (inclusive)'),
  maxPrice: PriceBoundSchema.optional().describe('highest price amount, in minor units (inclusive)'),
  sort: ProductSortSchema.optional().describe('default: relevance when searching, else newest'),
}).refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
  error: 'minPrice is above maxPrice',
  path: ['minPrice'],
});

/** Browsing and searching the catalogue (API.md, "Catalogue"): public. */
export function catalogQueryRoutes(app: FastifyInstance, { db, positions }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const productReadModels = readsFrom(positions, 'catalog', 'inventory', 'reviews');

  routes.get(
    '/api/v1/categories',
    {
      preHandler: [readsFrom(positions, 'catalog')],
      schema: {
        tags: ['catalog'],
        summary: 'The category tree: top-level categories, each with its sub-categories, by name',
        headers: MinPositionHeadersSchema,
        response: { 200: z.array(CategoryNodeSchema), ...errors },
      },
    },
    () => categoryTree(db),
  );

  routes.get(
    '/api/v1/products',
    {
      preHandler: [productReadModels],
      schema: {
        tags: ['catalog'],
        summary: 'Search and browse products: full text with typo tolerance, category (with sub-categories), price range, sorted, paginated',
        headers: MinPositionHeadersSchema,
        querystring: ProductListQuerySchema,
        response: { 200: pageOf(ProductViewSchema), ...errors },
      },
    },
    (request) => {
      const { q, categoryId, minPrice, maxPrice, sort, limit, cursor } = request.query;
      const trimmed = q?.trim();
      const text = trimmed === '' ? undefined : trimmed;
      const order = productOrder(sort, text !== undefined);
      const after = cursor === undefined ? undefined : keysAfter(order, cursor);
      return listProducts(db, { text, categoryId, minPrice, maxPrice }, { order, after, limit });
    },
  );

  routes.get(
    '/api/v1/products/:id',
    {
      preHandler: [productReadModels],
      schema: {
        tags: ['catalog'],
        summary: 'A product with its rating and availability (discontinued products too, with their status)',
        params: z.object({ id: z.uuid() }),
        headers: MinPositionHeadersSchema,
        response: { 200: ProductViewSchema, 404: ProblemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const product = await findProduct(db, request.params.id);
      if (product === undefined) return sendProblem(reply, problem(404, 'no such product'));
      return product;
    },
  );
}
