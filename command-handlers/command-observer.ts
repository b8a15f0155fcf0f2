import { EventStoreUnavailableError } from '../infra/event-store/errors.js';
import { CommandRejectedError, ConcurrencyConflictError, PreconditionFailedError } from './errors.js';

/**
 * How a command ended: `accepted` (its events appended, or none were needed), `rejected` by the
 * domain, `conflict` (concurrent writers won every attempt), `precondition_failed` (If-Match),
 * `unavailable` (the event store could not be reached), `error` (anything else).
 */
export type CommandResult = 'accepted' | 'rejected' | 'conflict' | 'precondition_failed' | 'unavailable' | 'error';

/** Told of every command handled, by its type (metrics, logs); it must not throw. */
export interface CommandObserver {
  handled(command: string, result: CommandResult): void;
  /** The command's append conflicted with a concurrent writer: it decides again on fresh state. */
  retried(command: string): void;
}

export function commandResultOf(error: unknown): CommandResult {
  if (error instanceof CommandRejectedError) return 'rejected';
  if (error instanceof ConcurrencyConflictError) return 'conflict';
  if (error instanceof PreconditionFailedError) return 'precondition_failed';
  if (error instanceof EventStoreUnavailableError) return 'unavailable';
  return 'error';
}

/** The types of a command, or of each command of a list decided as one (`inSequence`). */
export function commandTypes(command: unknown): string[] {
  if (Array.isArray(command)) return (command as readonly unknown[]).flatMap(commandTypes);
  if (typeof command === 'object' && command !== null && 'type' in command && typeof command.type === 'string') return [command.type];
  return ['unknown'];
}
