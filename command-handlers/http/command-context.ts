import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { CommandObserver } from '../command-observer.js';
import type { CommandContext } from '../handle-command.js';
import { ifMatchRevision } from './if-match.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Told of every command the routes handle (`registerCommandRoutes`). */
    commandObserver: CommandObserver | undefined;
  }
}

// Fixed namespace: a request repeated with the same Idempotency-Key (after a failure freed the key)
// gets the same command id, hence the same event ids, which the event store recognises.
const COMMAND_ID_NAMESPACE = 'b3c1e7a2-5d4f-4e8a-9b6c-1a2d3e4f5a6b';

/** Who and what causes the events of this request: correlation id, actor, time, and the command's id. */
export function commandContext(request: FastifyRequest, now: () => Date = () => new Date()): CommandContext {
  const key = request.headers['idempotency-key'];
  const scope = request.actor?.userId ?? 'anonymous';
  const ifMatch = ifMatchRevision(request);
  return {
    commandId: typeof key === 'string' ? uuidv5(`${scope}/${key}`, COMMAND_ID_NAMESPACE) : randomUUID(),
    correlationId: request.id,
    causationId: null,
    actorId: request.actor?.userId ?? null,
    occurredAt: now().toISOString(),
    observer: request.server.commandObserver,
    ...(ifMatch === undefined ? {} : { ifMatch }),
  };
}
