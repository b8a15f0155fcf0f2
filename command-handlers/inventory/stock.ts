import { inventoryAggregate } from '../../domain/inventory/aggregates.js';
import { inventoryStream } from '../../domain/inventory/inventory.js';
import type { InventoryState } from '../../domain/inventory/inventory-state.js';
import { reject } from '../../domain/shared/rejection.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { productExists } from '../catalog/products.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, type CommandContext, type CommandOutcome } from '../handle-command.js';

// Stock is kept only for products of the catalogue; a product never goes away, so checking
// before the append cannot race with anything.
async function mustExist(store: EventStore, productId: string): Promise<void> {
  if (!(await productExists(store, productId))) throw new CommandRejectedError(reject('not_found', 'no such product'));
}

export async function restock(store: EventStore, productId: string, quantity: number, context: CommandContext): Promise<CommandOutcome<InventoryState>> {
  await mustExist(store, productId);
  return handleCommand(store, inventoryAggregate, inventoryStream(productId), { type: 'Restock', productId, quantity, at: context.occurredAt }, context);
}

export async function setLowStockThreshold(store: EventStore, productId: string, threshold: number, context: CommandContext): Promise<CommandOutcome<InventoryState>> {
  await mustExist(store, productId);
  return handleCommand(store, inventoryAggregate, inventoryStream(productId), { type: 'SetLowStockThreshold', productId, threshold, at: context.occurredAt }, context);
}
