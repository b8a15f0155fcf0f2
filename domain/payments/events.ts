import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';
import { MoneySchema } from '../shared/money.js';

export const PaymentInitiated = defineEvent(
  'PaymentInitiated',
  z.object({
    paymentId: z.uuid(),
    orderId: z.uuid(),
    customerId: z.uuid(),
    amount: MoneySchema,
    /** The payment provider's card token (never card data); the provider is charged with it. */
    token: z.string().min(1),
    initiatedAt: z.iso.datetime(),
  }),
  1,
  { withheld: ['token'] },
);

export const PaymentAuthorized = defineEvent(
  'PaymentAuthorized',
  z.object({ paymentId: z.uuid(), orderId: z.uuid(), providerReference: z.string().min(1), amount: MoneySchema, authorizedAt: z.iso.datetime() }),
);

export const DeclineReasonSchema = z.enum(['declined', 'timeout', 'error']);
export type DeclineReason = z.infer<typeof DeclineReasonSchema>;

export const PaymentDeclined = defineEvent(
  'PaymentDeclined',
  z.object({ paymentId: z.uuid(), orderId: z.uuid(), reason: DeclineReasonSchema, amount: MoneySchema, declinedAt: z.iso.datetime() }),
);

export const PaymentCaptured = defineEvent(
  'PaymentCaptured',
  z.object({ paymentId: z.uuid(), orderId: z.uuid(), amount: MoneySchema, capturedAt: z.iso.datetime() }),
);

export const PaymentVoided = defineEvent(
  'PaymentVoided',
  z.object({ paymentId: z.uuid(), orderId: z.uuid(), amount: MoneySchema, voidedAt: z.iso.datetime() }),
);

export const PaymentRefunded = defineEvent(
  'PaymentRefunded',
  z.object({
    paymentId: z.uuid(),
    orderId: z.uuid(),
    refundId: z.uuid(),
    amount: MoneySchema,
    reason: z.string(),
    refundedAt: z.iso.datetime(),
    totalRefunded: MoneySchema,
    fullyRefunded: z.boolean(),
  }),
);

export const paymentEvents = [PaymentInitiated, PaymentAuthorized, PaymentDeclined, PaymentCaptured, PaymentVoided, PaymentRefunded] as const;

export type PaymentEvent = EventOf<(typeof paymentEvents)[number]>;
