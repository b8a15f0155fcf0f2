import { v5 as uuidv5 } from 'uuid';
import { categoryAggregate } from '../../domain/catalog/aggregates.js';
import { categoryStream, type CategoryState } from '../../domain/catalog/category.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';

// Fixed namespace: the category id derives from the command id (as user and product ids do).
const CATEGORY_ID_NAMESPACE = '92e38215-d3f3-4289-b02b-11f2d98b7488';

export async function categoryExists(store: EventStore, categoryId: string): Promise<boolean> {
  return (await loadAggregate(store, categoryAggregate, categoryStream(categoryId))).state.status !== 'none';
}

export async function createCategory(
  store: EventStore,
  category: { readonly name: string; readonly parentId: string | null },
  context: CommandContext,
): Promise<{ categoryId: string; outcome: CommandOutcome<CategoryState> }> {
  const categoryId = uuidv5(context.commandId, CATEGORY_ID_NAMESPACE);
  const { name, parentId } = category;
  const parentExists = parentId !== null && (await categoryExists(store, parentId));
  const outcome = await handleCommand(store, categoryAggregate, categoryStream(categoryId), { type: 'CreateCategory', categoryId, name, parentId, parentExists, at: context.occurredAt }, context);
  return { categoryId, outcome };
}
