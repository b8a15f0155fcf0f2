import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';
import { AttributesSchema } from './attributes.js';
import { PriceSchema } from './price.js';

export const CategoryCreated = defineEvent(
  'CategoryCreated',
  z.object({ categoryId: z.uuid(), name: z.string(), parentId: z.uuid().nullable(), createdAt: z.iso.datetime() }),
);

/** The SKU (normalised) now belongs to the product, for good. */
export const SkuReserved = defineEvent('SkuReserved', z.object({ sku: z.string().min(1), productId: z.uuid(), reservedAt: z.iso.datetime() }));

export const ProductCreated = defineEvent(
  'ProductCreated',
  z.object({
    productId: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    price: PriceSchema,
    categoryId: z.uuid(),
    attributes: AttributesSchema,
    createdAt: z.iso.datetime(),
  }),
);

/** Carries only the details that changed; `attributes`, when present, replaces them all. */
export const ProductDetailsChanged = defineEvent(
  'ProductDetailsChanged',
  z.object({
    productId: z.uuid(),
    name: z.string().optional(),
    description: z.string().optional(),
    categoryId: z.uuid().optional(),
    attributes: AttributesSchema.optional(),
    changedAt: z.iso.datetime(),
  }),
);

export const ProductPriceChanged = defineEvent(
  'ProductPriceChanged',
  z.object({ productId: z.uuid(), price: PriceSchema, previousPrice: PriceSchema, changedAt: z.iso.datetime() }),
);

export const ProductDiscontinued = defineEvent('ProductDiscontinued', z.object({ productId: z.uuid(), discontinuedAt: z.iso.datetime() }));

export const categoryEvents = [CategoryCreated] as const;
export const skuReservationEvents = [SkuReserved] as const;
export const productEvents = [ProductCreated, ProductDetailsChanged, ProductPriceChanged, ProductDiscontinued] as const;
export const catalogEvents = [...categoryEvents, ...skuReservationEvents, ...productEvents] as const;

export type CategoryEvent = EventOf<(typeof categoryEvents)[number]>;
export type SkuReservationEvent = EventOf<(typeof skuReservationEvents)[number]>;
export type ProductEvent = EventOf<(typeof productEvents)[number]>;
export type CatalogEvent = EventOf<(typeof catalogEvents)[number]>;
