import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';

export const ReviewSubmitted = defineEvent(
  'ReviewSubmitted',
  z.object({
    reviewId: z.uuid(),
    productId: z.uuid(),
    customerId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    title: z.string(),
    body: z.string(),
    verifiedPurchase: z.boolean(),
    submittedAt: z.iso.datetime(),
  }),
);

export const ReviewApproved = defineEvent(
  'ReviewApproved',
  z.object({ reviewId: z.uuid(), moderatorId: z.uuid(), reason: z.string().optional(), approvedAt: z.iso.datetime() }),
);

export const ReviewRejected = defineEvent(
  'ReviewRejected',
  z.object({ reviewId: z.uuid(), moderatorId: z.uuid(), reason: z.string().optional(), rejectedAt: z.iso.datetime() }),
);

export const reviewEvents = [ReviewSubmitted, ReviewApproved, ReviewRejected] as const;

export type ReviewEvent = EventOf<(typeof reviewEvents)[number]>;
