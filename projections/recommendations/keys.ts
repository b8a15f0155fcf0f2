/**
 * Every Redis key of the recommendations, under one prefix (`RECOMMENDATIONS_KEY_PREFIX`). Keys of a
 * family are `<prefix><family>:<id>`, so the Lua scripts, which learn some ids only inside Redis (the
 * customer of a confirmed order, the products already viewed in a session), build them from the
 * family's prefix alone.
 */
export type KeyFamily =
  /** sorted set per product: the products bought in the same confirmed orders, scored by how many orders */
  | 'copurchase'
  /** sorted set per product: the products viewed in the same browsing sessions, scored by how many sessions */
  | 'coview'
  /** sorted set per customer: each product bought, scored by when it was last bought (ms since the epoch) */
  | 'purchases'
  /** sorted set per customer: the products viewed lately, scored by when last viewed (ms), the newest only */
  | 'views'
  /** set per browsing session: the products viewed in it */
  | 'session'
  /** hash per order placed and not settled yet: its customer and products, which its confirmation does not carry */
  | 'order'
  /** string per customer: the computed recommendations (JSON), with a TTL; their purchases and views delete it */
  | 'cache';

export class RecommendationKeys {
  constructor(readonly prefix: string) {}

  of(family: KeyFamily, id: string): string {
    return `${this.familyPrefix(family)}${id}`;
  }

  familyPrefix(family: KeyFamily): string {
    return `${this.prefix}${family}:`;
  }

  /** The position of the last event applied (a decimal string); absent before the first. */
  get checkpoint(): string {
    return `${this.prefix}checkpoint`;
  }

  /**
   * Set of the orders settled: counted into the co-purchases (confirmed) or dropped (rejected, cancelled
   * while pending). Any event of a settled order applied again finds it here and changes nothing.
   */
  get settledOrders(): string {
    return `${this.prefix}settled-orders`;
  }

  /** Sorted set: each product scored by the number of confirmed orders that hold it. */
  get popular(): string {
    return `${this.prefix}popular`;
  }
}
