import { productAggregate } from '../../domain/catalog/aggregates.js';
import { productStream } from '../../domain/catalog/product.js';
import { inventoryAggregate } from '../../domain/inventory/aggregates.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import { paymentStream } from '../../domain/payments/payment.js';
import { reviewAggregate } from '../../domain/reviews/aggregates.js';
import { reviewStream } from '../../domain/reviews/review.js';
import type { AnyEventDefinition } from '../../domain/shared/event-catalogue.js';
import { userAggregate } from '../../domain/users/aggregates.js';
import { userStream } from '../../domain/users/user.js';

/** What rebuilding an aggregate's state takes: its stream, its event definitions, the write side's own `evolve`. */
export interface AuditedAggregate {
  readonly streamOf: (id: string) => string;
  readonly events: readonly AnyEventDefinition[];
  readonly initialState: unknown;
  readonly evolve: (state: unknown, event: unknown) => unknown;
}

function audited<State>(
  streamOf: (id: string) => string,
  aggregate: { readonly decider: { readonly initialState: State; evolve(state: State, event: never): State }; readonly events: readonly AnyEventDefinition[] },
): AuditedAggregate {
  const { decider, events } = aggregate;
  // Decoded events fit the decider's event type: decodeEvents checks each against these definitions.
  return { streamOf, events, initialState: decider.initialState, evolve: (state, event) => decider.evolve(state as State, event as never) };
}

/** The aggregates of `GET /api/v1/audit/{aggregate}/{id}/state` (API.md; there are no carts). */
export const auditedAggregates = {
  orders: audited(orderStream, orderAggregate),
  products: audited(productStream, productAggregate),
  inventory: audited(inventoryStream, inventoryAggregate),
  payments: audited(paymentStream, paymentAggregate),
  users: audited(userStream, userAggregate),
  reviews: audited(reviewStream, reviewAggregate),
} as const satisfies Record<string, AuditedAggregate>;

export type AuditedAggregateName = keyof typeof auditedAggregates;
export const AUDITED_AGGREGATE_NAMES = Object.keys(auditedAggregates) as [AuditedAggregateName, ...AuditedAggregateName[]];
