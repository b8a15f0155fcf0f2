import { z } from 'zod';

/** Why an item is recommended (API.md, "Tracking and recommendations"). */
export const ReasonSchema = z.enum(['co_purchase', 'co_view', 'content', 'popular']);
export type Reason = z.infer<typeof ReasonSchema>;

export const RecommendedItemSchema = z.object({
  productId: z.uuid(),
  score: z
    .number()
    .describe(
      'strength under its reason: co_purchase and co_view, orders or sessions shared with what it is recommended for (weighted by recency, views weigh less); content, matching category and attributes; popular, confirmed orders holding it. Items come best first, co-occurrence before content before popular',
    ),
  reason: ReasonSchema,
});
export type RecommendedItem = z.infer<typeof RecommendedItemSchema>;

export const RecommendationsSchema = z.object({ items: z.array(RecommendedItemSchema) });

/** The most items one answer holds (and a user's cached list keeps). */
export const MAX_RECOMMENDATIONS = 50;

export const RecommendationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_RECOMMENDATIONS).default(10).describe(`how many items, 1..${MAX_RECOMMENDATIONS}`),
});
