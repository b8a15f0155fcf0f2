import { v5 as uuidv5 } from 'uuid';
import { productAggregate } from '../../domain/catalog/aggregates.js';
import { productStream } from '../../domain/catalog/product.js';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import type { CancellationReason } from '../../domain/ordering/events.js';
import type { CardPayment, CatalogueProduct, RequestedLine, ShippingAddress } from '../../domain/ordering/commands.js';
import { orderOwnedBy, orderStream, type OrderState } from '../../domain/ordering/order.js';
import { reject } from '../../domain/shared/rejection.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { Actor } from '../../infra/http/auth.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';


// Fixed namespace: the order id derives from the command id, so an order repeated after a failure
// (same Idempotency-Key) lands on the same order stream instead of placing a second order.
const ORDER_ID_NAMESPACE = 'e5a3c9d1-4b7f-4e2a-8c6d-3f1b9a7e5d20';

export interface OrderRequest {
  readonly items: readonly { readonly productId: string; readonly quantity: number }[];
  readonly shippingAddress: ShippingAddress;
  readonly payment: CardPayment;
}

async function catalogueProduct(store: EventStore, productId: string): Promise<CatalogueProduct | undefined> {
  const { state } = await loadAggregate(store, productAggregate, productStream(productId));
  return state.status === 'none' ? undefined : { sku: state.sku, name: state.name, unitPrice: state.price, status: state.status };
}

/** Looks up every product in the catalogue, then places the order; the order decides what is unknown, discontinued or mixed. */
export async function placeOrder(
  store: EventStore,
  customerId: string,
  request: OrderRequest,
  context: CommandContext,
): Promise<{ orderId: string; outcome: CommandOutcome<OrderState> }> {
  const orderId = uuidv5(context.commandId, ORDER_ID_NAMESPACE);
  const products = await Promise.all(request.items.map((item) => catalogueProduct(store, item.productId)));
  const lines: RequestedLine[] = request.items.map((item, index) => ({ productId: item.productId, quantity: item.quantity, product: products[index] }));
  const outcome = await handleCommand(
    store,
    orderAggregate,
    orderStream(orderId),
    { type: 'PlaceOrder', orderId, customerId, lines, shippingAddress: request.shippingAddress, payment: request.payment, at: context.occurredAt },
    context,
  );
  return { orderId, outcome };
}

/** The owner cancels as the customer, an admin as the admin; anyone else is told there is no such order. */
export async function cancelOrder(store: EventStore, orderId: string, actor: Actor, context: CommandContext): Promise<CommandOutcome<OrderState>> {
  const { state } = await loadAggregate(store, orderAggregate, orderStream(orderId));
  const reason: CancellationReason | undefined = orderOwnedBy(state, actor.userId) ? 'customer' : actor.roles.includes('admin') ? 'admin' : undefined;
  // Checked before handling so that an unknown order is a 404 even when If-Match is sent.
  if (state.status === 'none' || reason === undefined) throw new CommandRejectedError(reject('not_found', 'no such order'));
  return handleCommand(store, orderAggregate, orderStream(orderId), { type: 'CancelOrder', orderId, reason, at: context.occurredAt }, context);
}
