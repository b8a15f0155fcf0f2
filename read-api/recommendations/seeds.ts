/** A product recommendations start from, weighted by how much it says about what the shopper wants now. */
export interface Seed {
  readonly productId: string;
  readonly weight: number;
}

/** What a customer did lately, newest first. */
export interface RecentActivity {
  readonly purchases: readonly string[];
  readonly views: readonly string[];
}

/** The most recent purchases and views that seed a customer's recommendations (each). */
export const SEEDS_PER_KIND = 10;
const PURCHASE_WEIGHT = 1;
/** A view says less about taste than a purchase. */
const VIEW_WEIGHT = 0.5;
/** Each older purchase (or view) counts this much of the next newer one. */
const RECENCY_DECAY = 0.85;

/** Seeds from a customer's newest purchases and views; a product both bought and viewed adds up. */
export function seedsOf(activity: RecentActivity): Seed[] {
  const weights = new Map<string, number>();
  const add = (products: readonly string[], weight: number): void => {
    products.slice(0, SEEDS_PER_KIND).forEach((productId, age) => weights.set(productId, (weights.get(productId) ?? 0) + weight * RECENCY_DECAY ** age));
  };
  add(activity.purchases, PURCHASE_WEIGHT);
  add(activity.views, VIEW_WEIGHT);
  return [...weights].map(([productId, weight]) => ({ productId, weight }));
}
