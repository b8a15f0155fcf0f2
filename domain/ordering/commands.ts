import type { Money } from '../shared/money.js';
import type { CancellationReason, OrderRejectionReason } from './events.js';

/** A product as the catalogue describes it when the order is placed. */
export interface CatalogueProduct {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: Money;
  readonly status: 'active' | 'discontinued';
}

export interface RequestedLine {
  readonly productId: string;
  readonly quantity: number;
  /** Looked up by the handler in the catalogue; undefined when there is no such product. */
  readonly product: CatalogueProduct | undefined;
}

export interface ShippingAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface CardPayment {
  readonly method: 'card';
  readonly token: string;
}

export interface PlaceOrder {
  readonly type: 'PlaceOrder';
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly RequestedLine[];
  readonly shippingAddress: ShippingAddress;
  readonly payment: CardPayment;
  readonly at: string;
}

export interface ConfirmOrder {
  readonly type: 'ConfirmOrder';
  readonly orderId: string;
  readonly paymentId: string;
  readonly at: string;
}

export interface RejectOrder {
  readonly type: 'RejectOrder';
  readonly orderId: string;
  readonly reason: OrderRejectionReason;
  readonly at: string;
}

export interface CancelOrder {
  readonly type: 'CancelOrder';
  readonly orderId: string;
  readonly reason: CancellationReason;
  readonly at: string;
}

export interface ShipOrder {
  readonly type: 'ShipOrder';
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly at: string;
}

export interface DeliverOrder {
  readonly type: 'DeliverOrder';
  readonly orderId: string;
  readonly at: string;
}

/** Sent by the refund saga once the order's payment has been refunded in full. */
export interface MarkOrderRefunded {
  readonly type: 'MarkOrderRefunded';
  readonly orderId: string;
  readonly at: string;
}

export type OrderCommand = PlaceOrder | ConfirmOrder | RejectOrder | CancelOrder | ShipOrder | DeliverOrder | MarkOrderRefunded;
