import { randomUUID } from 'node:crypto';
import { sessionAggregate } from '../../domain/users/aggregates.js';
import { sessionStream } from '../../domain/users/session.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import { handleCommand, type CommandContext } from '../handle-command.js';
import { newRefreshToken, parseRefreshToken, refreshExpiry } from './refresh-token.js';

export interface SessionTokens {
  readonly sessionId: string;
  readonly userId: string;
  readonly refreshToken: string;
}

export async function startSession(store: EventStore, userId: string, context: CommandContext): Promise<SessionTokens> {
  const sessionId = randomUUID();
  const refresh = newRefreshToken(sessionId);
  await handleCommand(
    store,
    sessionAggregate,
    sessionStream(sessionId),
    { type: 'StartSession', sessionId, userId, refreshTokenHash: refresh.hash, expiresAt: refreshExpiry(new Date(context.occurredAt)), at: context.occurredAt },
    context,
  );
  return { sessionId, userId, refreshToken: refresh.token };
}

/**
 * A new refresh token for the one presented, which stops working. `undefined` when the token is not
 * good (unknown, expired, revoked, or an old one presented again, which revokes its session).
 */
export async function rotateSession(store: EventStore, presented: string, context: CommandContext): Promise<SessionTokens | undefined> {
  const parsed = parseRefreshToken(presented);
  if (parsed === undefined) return undefined;
  const next = newRefreshToken(parsed.sessionId);
  try {
    const outcome = await handleCommand(
      store,
      sessionAggregate,
      sessionStream(parsed.sessionId),
      {
        type: 'RotateRefreshToken',
        sessionId: parsed.sessionId,
        presentedTokenHash: parsed.hash,
        newTokenHash: next.hash,
        newExpiresAt: refreshExpiry(new Date(context.occurredAt)),
        at: context.occurredAt,
      },
      context,
    );
    if (outcome.state.status !== 'active') return undefined;
    return { sessionId: parsed.sessionId, userId: outcome.state.userId, refreshToken: next.token };
  } catch (error) {
    if (error instanceof CommandRejectedError) return undefined;
    throw error;
  }
}

export async function endSession(store: EventStore, sessionId: string, context: CommandContext): Promise<void> {
  await handleCommand(store, sessionAggregate, sessionStream(sessionId), { type: 'RevokeSession', sessionId, reason: 'logout', at: context.occurredAt }, context);
}
