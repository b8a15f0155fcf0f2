import { v5 as uuidv5 } from 'uuid';
import type { CommandContext } from '../../command-handlers/handle-command.js';
import type { SagaDependencies } from './reactions.js';
import type { SagaJob } from './saga-jobs.js';

// Fixed namespace: the saga's command ids derive from the job (so from the causing event) and the step.
const SAGA_COMMAND_NAMESPACE = '4f7b2c9e-1d3a-4e68-b5f0-8c2a6d4e1b93';

/**
 * How the saga's commands are sent: their ids derive from the causing event and the step (a retried
 * job sends the same commands), and the events they cause carry the order's correlation id and the
 * causing event's id as causation id; the saga's observer is told of each.
 */
export function sagaContext(deps: Pick<SagaDependencies, 'commands'>, job: SagaJob, step: string, now: Date = new Date()): CommandContext {
  return {
    commandId: uuidv5(`${job.id}/${step}`, SAGA_COMMAND_NAMESPACE),
    correlationId: job.correlationId,
    causationId: job.causationId,
    actorId: null,
    occurredAt: now.toISOString(),
    observer: deps.commands,
  };
}

/** A job id derived from the order and what the job is for: scheduling it again finds the same job. */
export function scheduledJobId(orderId: string, purpose: string): string {
  return uuidv5(`${orderId}/${purpose}`, SAGA_COMMAND_NAMESPACE);
}
