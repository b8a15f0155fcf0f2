import { z } from 'zod';
import type { KeyedTable } from '../../projections/runner/keyed-rows.js';

const PositionSchema = z.string().regex(/^\d+$/);

/**
 * Whose order it is, and the position of the last event about it that was notified: an event at or
 * below it was handled already, so applying it again tells nobody anything new.
 */
const OrderSubjectRowSchema = z.object({ order_id: z.uuid(), customer_id: z.uuid(), position: PositionSchema });
export type OrderSubjectRow = z.infer<typeof OrderSubjectRowSchema>;

export const orderSubjectTable: KeyedTable<OrderSubjectRow> = {
  table: 'notification_orders',
  key: 'order_id',
  columns: { order_id: 'uuid', customer_id: 'uuid', position: 'bigint' },
  row: OrderSubjectRowSchema,
};

/** The position of the last low-stock alert of a product that was notified (same purpose as for orders). */
const ProductSubjectRowSchema = z.object({ product_id: z.uuid(), position: PositionSchema });
export type ProductSubjectRow = z.infer<typeof ProductSubjectRowSchema>;

export const productSubjectTable: KeyedTable<ProductSubjectRow> = {
  table: 'notification_products',
  key: 'product_id',
  columns: { product_id: 'uuid', position: 'bigint' },
  row: ProductSubjectRowSchema,
};
