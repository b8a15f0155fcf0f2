import type { Attributes } from '../../domain/catalog/attributes.js';
import { Random } from './random.js';

/**
 * A synthetic shop with the structure recommendations should find: customer segments that prefer a
 * few categories, products of uneven popularity, and complements (a tent's sleeping bag and stove)
 * that are viewed and bought together, and that customers come back for after buying their match.
 * Seeded: each run builds the same shop, customers and timeline.
 */

export interface ShopProduct {
  readonly id: string;
  readonly categoryId: string;
  readonly attributes: Attributes;
  /** How much shoppers go for it within its category. */
  readonly appeal: number;
  /** Products often bought with it: one of its own category, two of its partner category. */
  readonly complements: string[];
}

/** Something a customer did, at a time (ms since the shop opened). */
export type Happening =
  | { readonly kind: 'view'; readonly at: number; readonly sessionId: string; readonly productId: string; readonly customerId: string | null }
  | { readonly kind: 'order'; readonly at: number; readonly customerId: string; readonly productIds: readonly string[]; readonly outcome: 'confirmed' | 'rejected' | 'cancelled' };

export interface ShopOptions {
  readonly seed: number;
  readonly customers: number;
  readonly days: number;
}

export interface SyntheticShop {
  readonly products: readonly ShopProduct[];
  /** Every happening, in time order. */
  readonly happenings: readonly Happening[];
}

const CATEGORIES = 12;
const PRODUCTS_PER_CATEGORY = 40;
const SEGMENTS = 6;
const COLOURS = ['red', 'blue', 'olive', 'black', 'sand', 'grey'];
const MATERIALS = ['nylon', 'canvas', 'merino', 'titanium', 'fleece'];
const DAY_MS = 86_400_000;

/** A version-4 UUID from the seeded source, so that ids (and the ties they break) repeat run after run. */
function uuidOf(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = (8 + random.int(0, 3)).toString(16);
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

class ShopBuilder {
  readonly random: Random;
  readonly categories: string[];
  readonly products: ShopProduct[] = [];
  private readonly byCategory = new Map<string, ShopProduct[]>();
  private readonly byId = new Map<string, ShopProduct>();

  constructor(seed: number) {
    this.random = new Random(seed);
    this.categories = Array.from({ length: CATEGORIES }, () => uuidOf(this.random));
    for (const categoryId of this.categories) {
      const inCategory = Array.from({ length: PRODUCTS_PER_CATEGORY }, (_, rank) => ({
        id: uuidOf(this.random),
        categoryId,
        attributes: { colour: this.random.pick(COLOURS), material: this.random.pick(MATERIALS), season: this.random.int(1, 4) },
        // Zipf-like: a few products sell most.
        appeal: 1 / (rank + 1) ** 0.8,
        complements: [],
      }));
      this.byCategory.set(categoryId, inCategory);
      for (const product of inCategory) this.byId.set(product.id, product);
      this.products.push(...inCategory);
    }
    for (const product of this.products) {
      const partner = this.partnerOf(product.categoryId);
      product.complements.push(this.popularIn(product.categoryId, product.id).id, this.popularIn(partner).id, this.popularIn(partner).id);
    }
  }

  product(id: string): ShopProduct {
    const product = this.byId.get(id);
    if (product === undefined) throw new Error(`no product ${id}`);
    return product;
  }

  /** Each category's complements live in the next one (tents → sleeping bags → stoves → …). */
  partnerOf(categoryId: string): string {
    return this.categories[(this.categories.indexOf(categoryId) + 1) % CATEGORIES] ?? categoryId;
  }

  popularIn(categoryId: string, except?: string): ShopProduct {
    const candidates = (this.byCategory.get(categoryId) ?? []).filter((product) => product.id !== except);
    return this.random.weighted(candidates.map((product) => [product, product.appeal] as const));
  }
}

/** Segments favour two categories (45% and 35% of their sessions), the rest anywhere. */
function segmentCategories(shop: ShopBuilder): string[][] {
  return Array.from({ length: SEGMENTS }, (_, segment) => [shop.categories[(2 * segment) % CATEGORIES] ?? '', shop.categories[(2 * segment + 5) % CATEGORIES] ?? '']);
}

function startingCategory(shop: ShopBuilder, favourites: readonly string[]): string {
  const [first = '', second = ''] = favourites;
  return shop.random.weighted([
    [first, 45],
    [second, 35],
    [shop.random.pick(shop.categories), 20],
  ]);
}

/** One customer's sessions over the period: views, and sometimes an order of what was viewed with its complements. */
function customerTimeline(shop: ShopBuilder, customerId: string, favourites: readonly string[], periodMs: number): Happening[] {
  const { random } = shop;
  const happenings: Happening[] = [];
  const bought: string[] = [];
  const starts = Array.from({ length: random.int(2, 12) }, () => Math.floor(random.next() * periodMs)).sort((a, b) => a - b);
  for (const start of starts) {
    const sessionId = `bench-${uuidOf(random)}`;
    const viewer = random.chance(0.85) ? customerId : null;
    // Back for the match of something bought before, or browsing a favourite category.
    const anchor = bought.length > 0 && random.chance(0.45) ? random.pick(shop.product(random.pick(bought)).complements) : shop.popularIn(startingCategory(shop, favourites)).id;
    const viewed = [anchor];
    for (let n = random.int(1, 5); n > 0; n--) {
      const last = shop.product(viewed.at(-1) ?? anchor);
      viewed.push(random.chance(0.45) ? random.pick(last.complements) : shop.popularIn(random.chance(0.8) ? last.categoryId : startingCategory(shop, favourites)).id);
    }
    viewed.forEach((productId, step) => happenings.push({ kind: 'view', at: start + step * 30_000, sessionId, productId, customerId: viewer }));
    if (!random.chance(0.4)) continue;
    const main = random.chance(0.6) ? anchor : random.pick(viewed);
    const lines = new Set([main, ...shop.product(main).complements.filter(() => random.chance(0.35))]);
    const outcome = random.weighted([
      ['confirmed', 92],
      ['rejected', 4],
      ['cancelled', 4],
    ] as const);
    happenings.push({ kind: 'order', at: start + viewed.length * 30_000 + 60_000, customerId, productIds: [...lines], outcome });
    if (outcome === 'confirmed') bought.push(...lines);
  }
  return happenings;
}

export function syntheticShop(options: ShopOptions): SyntheticShop {
  const shop = new ShopBuilder(options.seed);
  const segments = segmentCategories(shop);
  const periodMs = options.days * DAY_MS;
  const happenings = Array.from({ length: options.customers }, () => customerTimeline(shop, uuidOf(shop.random), shop.random.pick(segments), periodMs)).flat();
  return { products: shop.products, happenings: happenings.sort((a, b) => a.at - b.at) };
}
