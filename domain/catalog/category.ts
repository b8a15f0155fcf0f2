import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { CategoryCommand, CreateCategory } from './commands.js';
import type { CategoryEvent } from './events.js';

// A parent must exist before its child and never changes afterwards, so refusing a category as
// its own parent is all it takes to keep the tree free of cycles.
export type CategoryState = { readonly status: 'none' } | { readonly status: 'created'; readonly name: string; readonly parentId: string | null };

export const categoryStream = (categoryId: string): string => `category-${categoryId}`;

function create(command: CreateCategory, state: CategoryState): Decision<CategoryEvent> {
  if (state.status !== 'none') return reject('conflict', 'the category already exists');
  if (command.name.trim() === '') return reject('unprocessable', 'a category needs a name');
  if (command.parentId === command.categoryId) return reject('unprocessable', 'a category cannot be its own parent');
  if (command.parentId !== null && !command.parentExists) return reject('unprocessable', 'no such parent category');
  return [{ type: 'CategoryCreated', data: { categoryId: command.categoryId, name: command.name, parentId: command.parentId, createdAt: command.at } }];
}

export const categoryDecider: Decider<CategoryCommand, CategoryEvent, CategoryState> = {
  initialState: { status: 'none' },
  decide: create,
  evolve(_state, event) {
    return { status: 'created', name: event.data.name, parentId: event.data.parentId };
  },
};
