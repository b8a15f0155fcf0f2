import { z } from 'zod';
import { MoneySchema } from '../shared/money.js';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';

/** One line as placed: the product's sku, name and unit price are captured at placement and never change after. */
export const OrderLineSchema = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const ShippingAddressSchema = z.object({
  name: z.string().min(1),
  line1: z.string().min(1),
  line2: z.string().min(1).optional(),
  city: z.string().min(1),
  postalCode: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code'),
});

export const RejectionReasonSchema = z.enum(['insufficient_stock', 'unknown_product']);
export type OrderRejectionReason = z.infer<typeof RejectionReasonSchema>;

export const CancellationReasonSchema = z.enum(['payment_declined', 'payment_timeout', 'customer', 'admin']);
export type CancellationReason = z.infer<typeof CancellationReasonSchema>;

export const OrderPlaced = defineEvent(
  'OrderPlaced',
  z.object({
    orderId: z.uuid(),
    customerId: z.uuid(),
    lines: z.array(OrderLineSchema).min(1),
    total: MoneySchema,
    shippingAddress: ShippingAddressSchema,
    paymentMethod: z.object({ method: z.literal('card'), token: z.string().min(1) }),
    placedAt: z.iso.datetime(),
  }),
  1,
  {
    withheld: ['paymentMethod.token'],
    // The country stays: it names a market, not a person.
    personal: { subject: 'customerId', fields: ['shippingAddress.name', 'shippingAddress.line1', 'shippingAddress.line2', 'shippingAddress.city', 'shippingAddress.postalCode'] },
  },
);

export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ orderId: z.uuid(), paymentId: z.uuid(), confirmedAt: z.iso.datetime() }));

export const OrderRejected = defineEvent('OrderRejected', z.object({ orderId: z.uuid(), reason: RejectionReasonSchema, rejectedAt: z.iso.datetime() }));

export const OrderCancelled = defineEvent(
  'OrderCancelled',
  z.object({ orderId: z.uuid(), reason: CancellationReasonSchema, previousStatus: z.enum(['pending', 'confirmed']), cancelledAt: z.iso.datetime() }),
);

export const OrderShipped = defineEvent(
  'OrderShipped',
  z.object({ orderId: z.uuid(), carrier: z.string().min(1), trackingNumber: z.string().min(1), shippedAt: z.iso.datetime() }),
);

export const OrderDelivered = defineEvent('OrderDelivered', z.object({ orderId: z.uuid(), deliveredAt: z.iso.datetime() }));

/** `amount` is the order total, fully refunded; `previousStatus` says where the order stood when it was. */
export const OrderRefunded = defineEvent(
  'OrderRefunded',
  z.object({
    orderId: z.uuid(),
    amount: MoneySchema,
    previousStatus: z.enum(['confirmed', 'shipped', 'delivered', 'cancelled']),
    refundedAt: z.iso.datetime(),
  }),
);

export const orderEvents = [OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled, OrderShipped, OrderDelivered, OrderRefunded] as const;

export type OrderEvent = EventOf<(typeof orderEvents)[number]>;
