import { productAggregate } from '../../domain/catalog/aggregates.js';
import { productStream } from '../../domain/catalog/product.js';
import { reviewAggregate } from '../../domain/reviews/aggregates.js';
import { reviewIdFor, reviewStream, type ReviewState } from '../../domain/reviews/review.js';
import { reject } from '../../domain/shared/rejection.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';
import { hasPurchased, type OrdersWithProductLookup } from './verified-purchase.js';


export interface ReviewDraft {
  readonly rating: number;
  readonly title: string;
  readonly body: string;
}

/**
 * The customer's one review of the product: its id derives from both, so a second one finds the
 * stream taken (409). An unknown product is a 404. A discontinued product may still be reviewed:
 * customers who bought it before it was withdrawn keep something to say about it.
 */
export async function submitReview(
  store: EventStore,
  ordersWithProduct: OrdersWithProductLookup,
  customerId: string,
  productId: string,
  draft: ReviewDraft,
  context: CommandContext,
): Promise<{ reviewId: string; outcome: CommandOutcome<ReviewState> }> {
  const product = await loadAggregate(store, productAggregate, productStream(productId));
  if (product.state.status === 'none') throw new CommandRejectedError(reject('not_found', 'no such product'));
  const reviewId = reviewIdFor(customerId, productId);
  const verifiedPurchase = await hasPurchased(store, ordersWithProduct, customerId, productId);
  const outcome = await handleCommand(
    store,
    reviewAggregate,
    reviewStream(reviewId),
    { type: 'SubmitReview', reviewId, productId, customerId, ...draft, verifiedPurchase, at: context.occurredAt },
    context,
  );
  return { reviewId, outcome };
}

export type ModerationDecision = 'approve' | 'reject';

/** Approve or reject a review; the same decision again appends nothing, the opposite one is a 409. */
export function moderateReview(
  store: EventStore,
  reviewId: string,
  decision: ModerationDecision,
  moderation: { readonly moderatorId: string; readonly reason: string | undefined },
  context: CommandContext,
): Promise<CommandOutcome<ReviewState>> {
  return handleCommand(
    store,
    reviewAggregate,
    reviewStream(reviewId),
    { type: decision === 'approve' ? 'ApproveReview' : 'RejectReview', reviewId, moderatorId: moderation.moderatorId, reason: moderation.reason, at: context.occurredAt },
    context,
  );
}
