import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';

/** A storefront's own id for a visitor's browsing session: opaque, short, safe in a stream name. */
export const BrowsingSessionIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only, at most 100');

export const ProductViewed = defineEvent(
  'ProductViewed',
  z.object({
    sessionId: BrowsingSessionIdSchema,
    productId: z.uuid(),
    /** The signed-in customer, or null for an anonymous visitor. */
    userId: z.uuid().nullable(),
    viewedAt: z.iso.datetime(),
  }),
);

export const browsingSessionEvents = [ProductViewed] as const;

export type BrowsingSessionEvent = EventOf<(typeof browsingSessionEvents)[number]>;
