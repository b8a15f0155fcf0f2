import type { Money } from '../../domain/shared/money.js';
import { Random } from './random.js';

/** A product's stock as the inventory aggregate counts it, so the simulated events keep its invariants. */
export interface Stock {
  onHand: number;
  reserved: number;
  threshold: number;
  alerted: boolean;
}

export interface Product {
  readonly id: string;
  readonly sku: string;
  name: string;
  price: Money;
  readonly stock: Stock;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
}

export interface OrderLineTaken {
  readonly product: Product;
  readonly quantity: number;
}

/** An order still moving through its lifecycle; finished orders are forgotten. */
export interface OpenOrder {
  readonly id: string;
  readonly customerId: string;
  readonly paymentId: string;
  readonly lines: readonly OrderLineTaken[];
  readonly total: Money;
  status: 'pending' | 'confirmed' | 'shipped' | 'delivered';
}

const SECOND = 1_000;

/** What the simulation remembers of the shop to make the next events consistent with the earlier ones. */
export class ShopState {
  readonly random: Random;
  readonly categories: string[] = [];
  /** Those for sale (discontinued ones are dropped). */
  readonly products: Product[] = [];
  readonly customers: Customer[] = [];
  readonly admins: string[] = [];
  readonly openOrders: OpenOrder[] = [];
  readonly pendingReviews: string[] = [];
  private clock: number;
  private serial = 0;

  constructor(seed: number, startsAt: number) {
    this.random = new Random(seed);
    this.clock = startsAt;
  }

  /** The simulated time of the next happening: a few seconds after the last. */
  advance(): string {
    this.clock += this.random.int(0, 20 * SECOND);
    return this.at();
  }

  at(): string {
    return new Date(this.clock).toISOString();
  }

  /** A number never handed out before, for SKUs and emails that must be unique. */
  nextSerial(): number {
    return ++this.serial;
  }
}

/** Removes and returns the item at `index` in constant time (order does not matter in these lists). */
export function takeAt<T>(items: T[], index: number): T {
  const item = items[index];
  const last = items.pop();
  if (item === undefined || last === undefined) throw new Error(`no item at ${index}`);
  if (index < items.length) items[index] = last;
  return item;
}
