import { v5 as uuidv5 } from 'uuid';
import { productAggregate, skuReservationAggregate } from '../../domain/catalog/aggregates.js';
import type { Attributes } from '../../domain/catalog/attributes.js';
import type { CreateProduct, ProductCommand } from '../../domain/catalog/commands.js';
import { productStream, type ProductState } from '../../domain/catalog/product.js';
import { skuReservationStream } from '../../domain/catalog/sku-reservation.js';
import type { Money } from '../../domain/shared/money.js';
import { isRejection } from '../../domain/shared/rejection.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';
import { categoryExists } from './categories.js';
import { inSequence } from './in-sequence.js';

// Fixed namespace: the product id derives from the command id, so a creation repeated after a
// failure (same Idempotency-Key) finds its own SKU reservation and completes the same product.
const PRODUCT_ID_NAMESPACE = 'b9dded31-2d95-40cf-9b27-550b58ff8a5d';

/** Whether the product was ever created (a discontinued product still exists). */
export async function productExists(store: EventStore, productId: string): Promise<boolean> {
  return (await loadAggregate(store, productAggregate, productStream(productId))).state.status !== 'none';
}

export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly price: Money;
  readonly categoryId: string;
  readonly attributes?: Attributes | undefined;
}

/**
 * Validate the product against an empty stream, then reserve its SKU (one stream per SKU, so the
 * event store keeps SKUs unique), then create it. Validating first means a refused product never
 * holds a SKU that nobody can use afterwards.
 */
export async function createProduct(store: EventStore, product: NewProduct, context: CommandContext): Promise<{ productId: string; outcome: CommandOutcome<ProductState> }> {
  const productId = uuidv5(context.commandId, PRODUCT_ID_NAMESPACE);
  const at = context.occurredAt;
  const create: CreateProduct = {
    type: 'CreateProduct',
    productId,
    sku: product.sku,
    name: product.name,
    description: product.description,
    price: product.price,
    categoryId: product.categoryId,
    categoryExists: await categoryExists(store, product.categoryId),
    attributes: product.attributes ?? {},
    at,
  };
  const validation = productAggregate.decider.decide(create, productAggregate.decider.initialState);
  if (isRejection(validation)) throw new CommandRejectedError(validation);
  await handleCommand(store, skuReservationAggregate, skuReservationStream(product.sku), { type: 'ReserveSku', sku: product.sku, productId, at }, context);
  return { productId, outcome: await handleCommand(store, productAggregate, productStream(productId), create, context) };
}

export interface ProductChanges {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly price?: Money | undefined;
  readonly categoryId?: string | undefined;
  readonly attributes?: Attributes | undefined;
}

/** Details and price decided together and appended at once: all of the changes or none. */
export async function changeProduct(store: EventStore, productId: string, changes: ProductChanges, context: CommandContext): Promise<CommandOutcome<ProductState>> {
  const { price, name, description, categoryId, attributes } = changes;
  const at = context.occurredAt;
  const commands: ProductCommand[] = [];
  if (name !== undefined || description !== undefined || categoryId !== undefined || attributes !== undefined) {
    commands.push({
      type: 'ChangeProductDetails',
      productId,
      name,
      description,
      categoryId,
      categoryExists: categoryId !== undefined && (await categoryExists(store, categoryId)),
      attributes,
      at,
    });
  }
  if (price !== undefined) commands.push({ type: 'ChangeProductPrice', productId, price, at });
  return handleCommand(store, inSequence(productAggregate), productStream(productId), commands, context);
}

export function discontinueProduct(store: EventStore, productId: string, context: CommandContext): Promise<CommandOutcome<ProductState>> {
  return handleCommand(store, productAggregate, productStream(productId), { type: 'DiscontinueProduct', productId, at: context.occurredAt }, context);
}
