import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AttributesSchema } from '../../domain/catalog/attributes.js';
import { PriceSchema } from '../../domain/catalog/price.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { requireRoles } from '../../infra/http/auth.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import type { GatewayTools } from '../../infra/http/server.js';
import { commandContext } from '../http/command-context.js';
import { PositionSchema, positionOf, withETag } from '../http/responses.js';
import { createCategory } from './categories.js';
import { IfMatchHeadersSchema } from '../http/if-match.js';
import { changeProduct, createProduct, discontinueProduct } from './products.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema };
const PositionOnlySchema = z.object({ position: PositionSchema });
const ProductParamsSchema = z.object({ id: z.uuid() });

const NameSchema = z.string().trim().min(1).max(200);
const DescriptionSchema = z.string().max(10_000);
const SkuSchema = z.string().trim().min(1).max(100);

const ProductChangesSchema = z
  .strictObject({ name: NameSchema, description: DescriptionSchema, price: PriceSchema, categoryId: z.uuid(), attributes: AttributesSchema })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'give at least one of name, description, price, categoryId, attributes');

/** Categories and products (API.md, "Catalogue"): admin only; the GET routes are the read API's. */
export function catalogRoutes(app: FastifyInstance, store: EventStore, { idempotent }: GatewayTools): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Who may ask is settled before the body is validated, so an anonymous caller learns nothing from a 400.
  const admin = { preValidation: [requireRoles('admin')], preHandler: [idempotent] };

  routes.post(
    '/api/v1/categories',
    {
      ...admin,
      schema: {
        tags: ['catalog'],
        summary: 'Create a category (admin)',
        security: [{ bearer: [] }],
        body: z.strictObject({ name: NameSchema, parentId: z.uuid().nullable().optional() }),
        response: { 201: z.object({ categoryId: z.uuid(), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { categoryId, outcome } = await createCategory(store, { name: request.body.name, parentId: request.body.parentId ?? null }, commandContext(request));
      return withETag(reply, outcome).code(201).send({ categoryId, position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/products',
    {
      ...admin,
      schema: {
        tags: ['catalog'],
        summary: 'Create a product (admin); 409 when its SKU is taken',
        security: [{ bearer: [] }],
        body: z.strictObject({
          sku: SkuSchema,
          name: NameSchema,
          description: DescriptionSchema,
          price: PriceSchema,
          categoryId: z.uuid(),
          attributes: AttributesSchema.optional(),
        }),
        response: { 201: z.object({ productId: z.uuid(), position: PositionSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { productId, outcome } = await createProduct(store, request.body, commandContext(request));
      return withETag(reply, outcome).code(201).send({ productId, position: positionOf(outcome) });
    },
  );

  routes.patch(
    '/api/v1/products/:id',
    {
      ...admin,
      schema: {
        tags: ['catalog'],
        summary: 'Change a product (admin); If-Match honoured',
        security: [{ bearer: [] }],
        params: ProductParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ProductChangesSchema,
        response: { 200: PositionOnlySchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await changeProduct(store, request.params.id, request.body, commandContext(request));
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );

  routes.post(
    '/api/v1/products/:id/discontinue',
    {
      ...admin,
      schema: {
        tags: ['catalog'],
        summary: 'Discontinue a product (admin)',
        security: [{ bearer: [] }],
        params: ProductParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 200: PositionOnlySchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await discontinueProduct(store, request.params.id, commandContext(request));
      return withETag(reply, outcome).code(200).send({ position: positionOf(outcome) });
    },
  );
}
