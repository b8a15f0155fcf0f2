/** Bounded context of each stream category (the stream id's prefix up to its id). */
const CONTEXT_BY_CATEGORY: ReadonlyArray<readonly [prefix: string, context: string]> = [
  // Longest prefixes first: `notification-preferences-` must not be read as another category.
  ['notification-preferences-', 'notifications'],
  ['notification-', 'notifications'],
  ['order-', 'ordering'],
  ['payment-', 'payments'],
  ['inventory-', 'inventory'],
  ['product-', 'catalog'],
  ['category-', 'catalog'],
  ['productsku-', 'catalog'],
  ['user-', 'users'],
  ['useremail-', 'users'],
  ['session-', 'users'],
  ['review-', 'reviews'],
  ['browsing-', 'tracking'],
];

export const OTHER_CONTEXT = 'other';
export const DEFAULT_TOPIC_PREFIX = 'shopverse';

export function contextOf(streamId: string): string {
  return CONTEXT_BY_CATEGORY.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? OTHER_CONTEXT;
}

/** Topic names under one prefix (`shopverse` by default), so test runs and environments can share a broker. */
export class BridgeTopics {
  constructor(private readonly prefix: string = DEFAULT_TOPIC_PREFIX) {}

  forStream(streamId: string): string {
    return this.forContext(contextOf(streamId));
  }

  forContext(context: string): string {
    return `${this.prefix}.${context}.v1`;
  }

  get deadLetter(): string {
    return `${this.prefix}.dead-letter.v1`;
  }

  /** Every topic the bridge may write to, created on start. */
  all(): string[] {
    const contexts = new Set([...CONTEXT_BY_CATEGORY.map(([, context]) => context), OTHER_CONTEXT]);
    return [...[...contexts].map((context) => this.forContext(context)), this.deadLetter];
  }
}
