import { reject } from '../../domain/shared/rejection.js';
import { userAggregate } from '../../domain/users/aggregates.js';
import { userStream } from '../../domain/users/user.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, loadAggregate, type CommandContext, type CommandOutcome } from '../handle-command.js';
import type { UserState } from '../../domain/users/user.js';

/** What destroys a person's data key (crypto-shredding). */
export interface KeyShredder {
  destroyKeyOf(subject: string): Promise<void>;
}

/**
 * Erases a user's personal data: their key is destroyed first, so that once this answers every
 * personal field of theirs reads erased wherever it is read; then `UserErased` tells the read models
 * to wipe what they copied. Repeating it (after a failure between the two) completes it.
 */
export async function eraseUser(store: EventStore, shredder: KeyShredder, userId: string, context: CommandContext & { readonly actorId: string }): Promise<CommandOutcome<UserState>> {
  const { state } = await loadAggregate(store, userAggregate, userStream(userId));
  if (state.status === 'none') throw new CommandRejectedError(reject('not_found', 'no such user'));
  await shredder.destroyKeyOf(userId);
  return handleCommand(store, userAggregate, userStream(userId), { type: 'EraseUser', userId, erasedBy: context.actorId, at: context.occurredAt }, context);
}
