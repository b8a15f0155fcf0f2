import { z } from 'zod';
import { CancellationReasonSchema } from '../../domain/ordering/events.js';
import { MoneySchema, type Money } from '../../domain/shared/money.js';

const greeting = { name: z.string() };

/**
 * What a notification says: its template and the data the template needs. Stored as the row's
 * `template` and `data` and parsed back with this schema before sending (zod at the boundary).
 */
export const NotificationContentSchema = z.discriminatedUnion('template', [
  z.object({ template: z.literal('order_confirmed'), data: z.object({ ...greeting, orderId: z.uuid() }) }),
  z.object({ template: z.literal('order_cancelled'), data: z.object({ ...greeting, orderId: z.uuid(), reason: CancellationReasonSchema }) }),
  z.object({ template: z.literal('order_shipped'), data: z.object({ ...greeting, orderId: z.uuid(), carrier: z.string(), trackingNumber: z.string() }) }),
  z.object({ template: z.literal('order_delivered'), data: z.object({ ...greeting, orderId: z.uuid() }) }),
  z.object({
    template: z.literal('order_refunded'),
    data: z.object({ ...greeting, orderId: z.uuid(), refundId: z.uuid(), amount: MoneySchema, totalRefunded: MoneySchema, fullyRefunded: z.boolean(), reason: z.string() }),
  }),
  z.object({ template: z.literal('restock_alert'), data: z.object({ ...greeting, productId: z.uuid(), available: z.number().int(), threshold: z.number().int() }) }),
]);
export type NotificationContent = z.infer<typeof NotificationContentSchema>;

/** Every template's name (for the query API's schema). */
export const TemplateNameSchema = z.enum(['order_confirmed', 'order_cancelled', 'order_shipped', 'order_delivered', 'order_refunded', 'restock_alert'] as const satisfies readonly NotificationContent['template'][]);

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
}

/** Minor units as a plain amount with its currency, e.g. `12.50 GBP` (two decimals: the currencies sold so far). */
const formatMoney = ({ amount, currency }: Money): string => `${(amount / 100).toFixed(2)} ${currency}`;

const cancellationReasons: Record<z.infer<typeof CancellationReasonSchema>, string> = {
  payment_declined: 'the payment was declined',
  payment_timeout: 'the payment did not go through in time',
  customer: 'you asked us to cancel it',
  admin: 'our team cancelled it',
};

/** Subject and plain text of a notification: short, so the same text suits an email, an SMS and a push message. */
export function renderNotification(content: NotificationContent): RenderedNotification {
  const hello = `Hello ${content.data.name},`;
  switch (content.template) {
    case 'order_confirmed':
      return { subject: 'Your order is confirmed', text: `${hello}\n\nyour order ${content.data.orderId} is confirmed and paid for. We will tell you when it ships.` };
    case 'order_cancelled':
      return { subject: 'Your order was cancelled', text: `${hello}\n\nyour order ${content.data.orderId} was cancelled: ${cancellationReasons[content.data.reason]}.` };
    case 'order_shipped':
      return {
        subject: 'Your order is on its way',
        text: `${hello}\n\nyour order ${content.data.orderId} has shipped with ${content.data.carrier}, tracking number ${content.data.trackingNumber}.`,
      };
    case 'order_delivered':
      return { subject: 'Your order was delivered', text: `${hello}\n\nyour order ${content.data.orderId} was delivered. Enjoy!` };
    case 'order_refunded': {
      const { orderId, amount, totalRefunded, fullyRefunded } = content.data;
      const extent = fullyRefunded ? 'The order is now fully refunded.' : `Refunded so far: ${formatMoney(totalRefunded)}.`;
      return { subject: 'You have been refunded', text: `${hello}\n\nwe refunded ${formatMoney(amount)} for your order ${orderId}. ${extent}` };
    }
    case 'restock_alert':
      return {
        subject: 'Low stock: time to restock',
        text: `${hello}\n\nproduct ${content.data.productId} is low on stock: ${content.data.available} available, below the threshold of ${content.data.threshold}.`,
      };
  }
}
