import { z } from 'zod';
import { OrderLineSchema, ShippingAddressSchema } from '../../domain/ordering/events.js';
import { MoneySchema } from '../../domain/shared/money.js';
import { OrderStatusSchema, ShipmentSchema, StatusChangeSchema } from '../../projections/orders/order-rows.js';
import { PaymentStatusSchema } from '../../projections/orders/payment-summary-rows.js';
import { pageOf } from '../http/pagination.js';

export const OrderPaymentSchema = z
  .object({
    paymentId: z.uuid(),
    status: z.union([z.literal('none'), PaymentStatusSchema]),
    authorized: MoneySchema,
    captured: MoneySchema,
    refunded: MoneySchema,
  })
  .describe(
    "The order's one payment. Before the payment is initiated: status `none`, amounts zero in the order's currency, and the id the payment will have (derived from the order's).",
  );

/** GET /orders/{id} (API.md); `shippingAddress` and `placedAt` are additions. */
export const OrderViewSchema = z.object({
  orderId: z.uuid(),
  customerId: z.uuid(),
  status: OrderStatusSchema,
  items: z.array(OrderLineSchema),
  total: MoneySchema,
  statusHistory: z.array(StatusChangeSchema),
  payment: OrderPaymentSchema,
  shipment: ShipmentSchema.optional().describe('once shipped'),
  shippingAddress: ShippingAddressSchema,
  placedAt: z.iso.datetime(),
});
export type OrderView = z.infer<typeof OrderViewSchema>;

export const OrderPageSchema = pageOf(OrderViewSchema);

export const PaymentTransactionSchema = z.object({
  paymentId: z.uuid(),
  type: z.enum(['authorization', 'capture', 'refund', 'void', 'decline']),
  amount: MoneySchema,
  at: z.iso.datetime(),
});
export type PaymentTransactionView = z.infer<typeof PaymentTransactionSchema>;
