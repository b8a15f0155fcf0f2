import { browse, changeRoles, registerAdmin, registerUser, signIn } from './customer-activities.js';
import { changeDetails, changePrice, createCategory, createProduct, discontinue } from './catalog-activities.js';
import type { PlannedAppend } from './happening.js';
import { restock } from './inventory-activities.js';
import { advanceOrder, placeOrder } from './order-activities.js';
import { moderateReview, submitReview } from './review-activities.js';
import { ShopState } from './shop-state.js';

type Activity = (shop: ShopState) => PlannedAppend[];

/**
 * How often each thing happens once the shop is open. Per event that comes to roughly: orders with
 * their payments and stock reservations 60%, product views 20% (read by no read model, like sign-ins
 * and email and SKU reservations), catalogue and stock changes 7%, users 5%, reviews 5%.
 */
const MIX: readonly (readonly [Activity, number])[] = [
  [browse, 9],
  [signIn, 3],
  [registerUser, 2],
  [changeRoles, 0.2],
  [placeOrder, 6],
  // A little over three steps per placed order, so open orders finish rather than pile up.
  [advanceOrder, 20],
  [createProduct, 0.4],
  [changePrice, 1.5],
  [changeDetails, 1],
  [discontinue, 0.05],
  [restock, 0.8],
  [submitReview, 2.5],
  [moderateReview, 2.5],
  [createCategory, 0.05],
];

/** Before opening: admins, then categories, then a stocked catalogue, then customers. */
function setUpStep(shop: ShopState): Activity | undefined {
  if (shop.admins.length < 3) return registerAdmin;
  if (shop.categories.length < 12) return createCategory;
  if (shop.products.length < 300) return createProduct;
  if (shop.customers.length < 500) return registerUser;
  return undefined;
}

/**
 * A simulated outdoor-gear shop's event history, consistent as the aggregates would have written it
 * (orders move pending → confirmed → shipped → delivered, stock never goes negative, reviews are
 * moderated once) and valid against every event's schema. Seeded: each run replays the same history.
 */
export class ShopHistory {
  private readonly shop: ShopState;

  constructor(seed = 1, startsAt = Date.now() - 10 * 86_400_000) {
    this.shop = new ShopState(seed, startsAt);
  }

  /** The appends of the next thing that happens (one stream each). */
  next(): PlannedAppend[] {
    const activity = setUpStep(this.shop) ?? this.shop.random.weighted(MIX);
    return activity(this.shop);
  }
}
