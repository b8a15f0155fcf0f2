import { randomUUID } from 'node:crypto';
import { browsingSessionAggregate } from '../../domain/tracking/aggregates.js';
import { browsingSessionStream } from '../../domain/tracking/browsing-session.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { productExists } from '../catalog/products.js';
import { recordCommand, type CommandContext } from '../handle-command.js';

export interface ProductView {
  readonly productId: string;
  /** The storefront's session id; when absent, the signed-in session's, else a new one. */
  readonly sessionId?: string;
  readonly userId: string | null;
  readonly signedInSessionId: string | null;
}

export async function recordProductView(store: EventStore, view: ProductView, context: CommandContext): Promise<{ sessionId: string; position: bigint | null }> {
  const sessionId = view.sessionId ?? view.signedInSessionId ?? randomUUID();
  const productKnown = await productExists(store, view.productId);
  const outcome = await recordCommand(
    store,
    browsingSessionAggregate,
    browsingSessionStream(sessionId),
    { type: 'RecordProductView', sessionId, productId: view.productId, productKnown, userId: view.userId, at: context.occurredAt },
    context,
  );
  return { sessionId, position: outcome.position };
}
