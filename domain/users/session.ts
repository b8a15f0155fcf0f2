import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { RevokeSession, RotateRefreshToken, SessionCommand, StartSession } from './commands.js';
import type { SessionEvent } from './events.js';

export type SessionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'revoked';
      readonly userId: string;
      readonly refreshTokenHash: string;
      readonly expiresAt: string;
      /** Every refresh token this session has rotated away from, oldest first: presenting one again is reuse. */
      readonly pastTokenHashes: readonly string[];
    };

export const sessionStream = (sessionId: string): string => `session-${sessionId}`;

/** Whether ISO instant `a` is strictly later than `b` (an unparseable instant is never later). */
function isLater(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

function start(command: StartSession, state: SessionState): Decision<SessionEvent> {
  if (state.status !== 'none') return reject('conflict', 'the session was already started');
  if (command.refreshTokenHash === '') return reject('unprocessable', 'a session needs a refresh token hash');
  if (!isLater(command.expiresAt, command.at)) return reject('unprocessable', 'a session must expire after it starts');
  return [
    {
      type: 'SessionStarted',
      data: {
        sessionId: command.sessionId,
        userId: command.userId,
        refreshTokenHash: command.refreshTokenHash,
        expiresAt: command.expiresAt,
        startedAt: command.at,
      },
    },
  ];
}

function rotate(command: RotateRefreshToken, state: SessionState): Decision<SessionEvent> {
  if (state.status === 'none') return reject('not_found', 'no such session');
  if (state.status === 'revoked') return reject('forbidden', 'the session was revoked');
  // The very rotation already recorded, repeated with the same new token (a retry after an unknown outcome).
  if (command.presentedTokenHash === state.pastTokenHashes.at(-1) && command.newTokenHash === state.refreshTokenHash) return [];
  if (state.pastTokenHashes.includes(command.presentedTokenHash)) {
    // A refresh token that was already exchanged is being replayed: it may be stolen, so the whole session ends.
    return [{ type: 'SessionRevoked', data: { sessionId: command.sessionId, userId: state.userId, reason: 'refresh_token_reused', revokedAt: command.at } }];
  }
  if (!isLater(state.expiresAt, command.at)) return reject('forbidden', 'the session has expired');
  if (command.presentedTokenHash !== state.refreshTokenHash) return reject('forbidden', 'the refresh token does not belong to this session');
  if (command.newTokenHash === '' || command.newTokenHash === state.refreshTokenHash || state.pastTokenHashes.includes(command.newTokenHash)) {
    return reject('unprocessable', 'the new refresh token must be one the session has never used');
  }
  if (!isLater(command.newExpiresAt, command.at)) return reject('unprocessable', 'the new refresh token must expire after it is issued');
  return [
    {
      type: 'RefreshTokenRotated',
      data: {
        sessionId: command.sessionId,
        userId: state.userId,
        refreshTokenHash: command.newTokenHash,
        expiresAt: command.newExpiresAt,
        rotatedAt: command.at,
      },
    },
  ];
}

function revoke(command: RevokeSession, state: SessionState): Decision<SessionEvent> {
  if (state.status === 'none') return reject('not_found', 'no such session');
  // Revoking a revoked session changes nothing, so a repeated logout is harmless.
  if (state.status === 'revoked') return [];
  return [{ type: 'SessionRevoked', data: { sessionId: command.sessionId, userId: state.userId, reason: command.reason, revokedAt: command.at } }];
}

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'StartSession':
        return start(command, state);
      case 'RotateRefreshToken':
        return rotate(command, state);
      case 'RevokeSession':
        return revoke(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SessionStarted':
        return {
          status: 'active',
          userId: event.data.userId,
          refreshTokenHash: event.data.refreshTokenHash,
          expiresAt: event.data.expiresAt,
          pastTokenHashes: [],
        };
      case 'RefreshTokenRotated':
        return state.status === 'none'
          ? state
          : {
              ...state,
              refreshTokenHash: event.data.refreshTokenHash,
              expiresAt: event.data.expiresAt,
              pastTokenHashes: [...state.pastTokenHashes, state.refreshTokenHash],
            };
      case 'SessionRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
    }
  },
};
