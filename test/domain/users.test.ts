import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { stateFrom, type DomainEvent } from '../../domain/shared/decider.js';
import { ERASED } from '../../domain/shared/personal-data.js';
import type { EventDefinition } from '../../domain/shared/event-catalogue.js';
import type { ChangeRoles, EraseUser, RegisterUser, ReserveEmail, RotateRefreshToken, StartSession } from '../../domain/users/commands.js';
import { normalizeEmail } from '../../domain/users/email.js';
import { emailReservationDecider, emailReservationIdFor, emailReservationStream, emailReservationStreamFor } from '../../domain/users/email-reservation.js';
import { emailReservationEvents, sessionEvents, userEvents, type EmailReservationEvent, type SessionEvent, type UserEvent } from '../../domain/users/events.js';
import { RoleSchema, roles } from '../../domain/users/roles.js';
import { sessionDecider, sessionStream } from '../../domain/users/session.js';
import { userDecider, userStream } from '../../domain/users/user.js';
import { specify } from './spec.js';

const userId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const otherUserId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const adminId = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const sessionId = '0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00';
const at = '2026-11-26T12:00:00.000Z';
const later = '2026-11-26T12:10:00.000Z';
const inADay = '2026-11-27T12:00:00.000Z';
const inTwoDays = '2026-11-28T12:00:00.000Z';
const passwordHash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';

/** The events the deciders produce are the events the store accepts back. */
function expectSchemasFit(definitions: readonly EventDefinition<string, z.ZodType>[], events: readonly DomainEvent[]): void {
  for (const event of events) {
    const definition = definitions.find((candidate) => candidate.type === event.type);
    expect(definition?.schema.safeParse(event.data).success, event.type).toBe(true);
  }
}

describe('users', () => {
  it('roles are customer, admin, support and auditor', () => {
    expect(roles).toEqual(['customer', 'admin', 'support', 'auditor']);
    expect(RoleSchema.safeParse('auditor').success).toBe(true);
    expect(RoleSchema.safeParse('root').success).toBe(false);
  });

  it('emails are normalised by trimming and lower-casing', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  describe('user', () => {
    const user = specify(userDecider);
    const register: RegisterUser = { type: 'RegisterUser', userId, email: ' Ada@Example.com', name: 'Ada', passwordHash, at };
    const registered: UserEvent = {
      type: 'UserRegistered',
      data: { userId, email: 'ada@example.com', name: 'Ada', passwordHash, roles: ['customer'], registeredAt: at },
    };
    const changeRoles: ChangeRoles = { type: 'ChangeRoles', userId, roles: ['support', 'admin'], changedBy: adminId, at: later };
    const rolesChanged: UserEvent = { type: 'RolesChanged', data: { userId, roles: ['admin', 'support'], changedBy: adminId, changedAt: later } };

    it('lives in the stream user-<userId>', () => {
      expect(userStream(userId)).toBe(`user-${userId}`);
    });
    it('its events fit their schemas', () => {
      expectSchemasFit(userEvents, [registered, rolesChanged]);
    });

    describe('register', () => {
      it('registers a customer with the normalised email', () => {
        user.given([]).when(register).then([registered]);
      });
      it('registers with the roles given, as a set', () => {
        user
          .given([])
          .when({ ...register, roles: ['auditor', 'admin', 'auditor'] })
          .then([{ type: 'UserRegistered', data: { userId, email: 'ada@example.com', name: 'Ada', passwordHash, roles: ['admin', 'auditor'], registeredAt: at } }]);
      });
      it('the same registration again changes nothing; another one under the same id is refused', () => {
        user.given([registered]).when(register).then([]);
        user.given([registered]).when({ ...register, email: 'Ada@Example.com ' }).then([]);
        user.given([registered]).when({ ...register, name: 'Grace' }).thenRejected('conflict', /already registered/);
        user.given([registered]).when({ ...register, email: 'grace@example.com' }).thenRejected('conflict', /already registered/);
      });
      for (const email of ['', 'ada', 'ada@', '@example.com', 'ada @example.com']) {
        it(`refuses the email ${JSON.stringify(email)}`, () => {
          user.given([]).when({ ...register, email }).thenRejected('unprocessable', /email/);
        });
      }
      it('refuses an empty name', () => {
        user.given([]).when({ ...register, name: '  ' }).thenRejected('unprocessable', /name/);
      });
      it('refuses a missing password hash', () => {
        user.given([]).when({ ...register, passwordHash: '' }).thenRejected('unprocessable', /password/);
      });
      it('refuses unknown or no roles', () => {
        user.given([]).when({ ...register, roles: ['customer', 'root'] }).thenRejected('unprocessable', /roles/);
        user.given([]).when({ ...register, roles: [] }).thenRejected('unprocessable', /roles/);
      });
    });

    describe('change roles', () => {
      it('sets the roles, as a set', () => {
        user.given([registered]).when(changeRoles).then([rolesChanged]);
      });
      it('setting the roles the user holds changes nothing, whatever their order', () => {
        user.given([registered]).when({ ...changeRoles, roles: ['customer', 'customer'] }).then([]);
        user.given([registered, rolesChanged]).when({ ...changeRoles, roles: ['support', 'admin', 'support'] }).then([]);
      });
      it('the latest change counts', () => {
        user.given([registered, rolesChanged]).when({ ...changeRoles, roles: ['customer'] }).then([
          { type: 'RolesChanged', data: { userId, roles: ['customer'], changedBy: adminId, changedAt: later } },
        ]);
        expect(stateFrom(userDecider, [registered, rolesChanged])).toEqual({ status: 'registered', email: 'ada@example.com', name: 'Ada', roles: ['admin', 'support'] });
      });
      it('refuses unknown or no roles', () => {
        user.given([registered]).when({ ...changeRoles, roles: ['superuser'] }).thenRejected('unprocessable', /roles/);
        user.given([registered]).when({ ...changeRoles, roles: [] }).thenRejected('unprocessable', /roles/);
      });
      it('a user who is not registered is not found', () => {
        user.given([]).when(changeRoles).thenRejected('not_found');
      });
    });

    describe('erase', () => {
      const erase: EraseUser = { type: 'EraseUser', userId, erasedBy: adminId, at: later };
      const erased: UserEvent = { type: 'UserErased', data: { userId, erasedBy: adminId, erasedAt: later } };
      it('erases a registered user, who is then gone: no roles, no personal data', () => {
        user.given([registered, rolesChanged]).when(erase).then([erased]);
        expect(stateFrom(userDecider, [registered, rolesChanged, erased])).toEqual({ status: 'erased' });
        expectSchemasFit(userEvents, [erased]);
      });
      it('erasing again changes nothing', () => {
        user.given([registered, erased]).when(erase).then([]);
      });
      it('a user never registered is not found', () => {
        user.given([]).when(erase).thenRejected('not_found');
      });
      it('an erased user cannot be registered again under the same id, nor given roles', () => {
        user.given([registered, erased]).when(register).thenRejected('conflict', /erased/);
        user.given([registered, erased]).when(changeRoles).thenRejected('not_found');
      });
      it('their registration read back once their key is destroyed still fits its schema', () => {
        expectSchemasFit(userEvents, [{ ...registered, data: { ...registered.data, email: ERASED, name: ERASED } }]);
      });
    });
  });

  describe('email reservation', () => {
    const reservation = specify(emailReservationDecider);
    const reserve: ReserveEmail = { type: 'ReserveEmail', email: 'Ada@Example.com ', userId, at };
    const reserved: EmailReservationEvent = { type: 'EmailReserved', data: { email: 'ada@example.com', userId, reservedAt: at } };

    it('one stream per normalised email: useremail-<uuid v5 of it>', () => {
      const id = emailReservationIdFor('ada@example.com');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(emailReservationIdFor('  ADA@example.com')).toBe(id);
      expect(emailReservationIdFor('grace@example.com')).not.toBe(id);
      expect(emailReservationStream(id)).toBe(`useremail-${id}`);
      expect(emailReservationStreamFor(' Ada@Example.com')).toBe(`useremail-${id}`);
    });
    it('its events fit their schemas', () => {
      expectSchemasFit(emailReservationEvents, [reserved]);
    });
    it('reserves a free email for the user', () => {
      reservation.given([]).when(reserve).then([reserved]);
    });
    it('refuses an email reserved by another user', () => {
      reservation.given([reserved]).when({ ...reserve, userId: otherUserId }).thenRejected('conflict', /email is taken/);
    });
    it('reserving again for the same user changes nothing', () => {
      reservation.given([reserved]).when(reserve).then([]);
    });
    it('refuses an email that is not one', () => {
      reservation.given([]).when({ ...reserve, email: 'not an email' }).thenRejected('unprocessable', /email/);
    });
  });

  describe('session', () => {
    const session = specify(sessionDecider);
    const start: StartSession = { type: 'StartSession', sessionId, userId, refreshTokenHash: 'hash-1', expiresAt: inADay, at };
    const started: SessionEvent = { type: 'SessionStarted', data: { sessionId, userId, refreshTokenHash: 'hash-1', expiresAt: inADay, startedAt: at } };
    const rotate: RotateRefreshToken = { type: 'RotateRefreshToken', sessionId, presentedTokenHash: 'hash-1', newTokenHash: 'hash-2', newExpiresAt: inTwoDays, at: later };
    const rotated: SessionEvent = {
      type: 'RefreshTokenRotated',
      data: { sessionId, userId, refreshTokenHash: 'hash-2', expiresAt: inTwoDays, rotatedAt: later },
    };
    const rotatedAgain: SessionEvent = {
      type: 'RefreshTokenRotated',
      data: { sessionId, userId, refreshTokenHash: 'hash-3', expiresAt: inTwoDays, rotatedAt: later },
    };
    const loggedOut: SessionEvent = { type: 'SessionRevoked', data: { sessionId, userId, reason: 'logout', revokedAt: later } };

    it('lives in the stream session-<sessionId>', () => {
      expect(sessionStream(sessionId)).toBe(`session-${sessionId}`);
    });
    it('its events fit their schemas', () => {
      expectSchemasFit(sessionEvents, [started, rotated, loggedOut, { type: 'SessionRevoked', data: { sessionId, userId, reason: 'refresh_token_reused', revokedAt: later } }]);
    });

    describe('start', () => {
      it('starts a session with its first refresh token', () => {
        session.given([]).when(start).then([started]);
      });
      it('refuses to start the same session twice', () => {
        session.given([started]).when(start).thenRejected('conflict', /already started/);
      });
      it('refuses a session that expires when it starts, or before', () => {
        session.given([]).when({ ...start, expiresAt: at }).thenRejected('unprocessable', /expire/);
        session.given([]).when({ ...start, expiresAt: '2026-11-25T12:00:00.000Z' }).thenRejected('unprocessable', /expire/);
      });
      it('refuses a session without a refresh token hash', () => {
        session.given([]).when({ ...start, refreshTokenHash: '' }).thenRejected('unprocessable', /refresh token/);
      });
    });

    describe('rotate the refresh token', () => {
      it('exchanges the current token for a new one', () => {
        session.given([started]).when(rotate).then([rotated]);
      });
      it('keeps rotating: each new token becomes the current one', () => {
        session.given([started, rotated]).when({ ...rotate, presentedTokenHash: 'hash-2', newTokenHash: 'hash-3' }).then([rotatedAgain]);
      });
      it('remembers every token it rotated away from', () => {
        expect(stateFrom(sessionDecider, [started, rotated, rotatedAgain])).toEqual({
          status: 'active',
          userId,
          refreshTokenHash: 'hash-3',
          expiresAt: inTwoDays,
          pastTokenHashes: ['hash-1', 'hash-2'],
        });
      });
      it('repeating the recorded rotation with the same new token changes nothing', () => {
        session.given([started, rotated]).when(rotate).then([]);
      });
      it('a token already exchanged, presented again, revokes the session', () => {
        const reused: SessionEvent = { type: 'SessionRevoked', data: { sessionId, userId, reason: 'refresh_token_reused', revokedAt: later } };
        session.given([started, rotated]).when({ ...rotate, newTokenHash: 'hash-9' }).then([reused]);
        session.given([started, rotated, rotatedAgain]).when({ ...rotate, presentedTokenHash: 'hash-2', newTokenHash: 'hash-9' }).then([reused]);
      });
      it('refuses a token the session never issued', () => {
        session.given([started]).when({ ...rotate, presentedTokenHash: 'hash-x' }).thenRejected('forbidden', /does not belong/);
      });
      it('refuses to rotate once the session has expired', () => {
        session.given([started]).when({ ...rotate, at: inADay }).thenRejected('forbidden', /expired/);
        session.given([started, rotated]).when({ ...rotate, presentedTokenHash: 'hash-2', newTokenHash: 'hash-3', at: inTwoDays }).thenRejected('forbidden', /expired/);
      });
      it('refuses to rotate in a revoked session, even with its last token', () => {
        session.given([started, loggedOut]).when(rotate).thenRejected('forbidden', /revoked/);
      });
      it('refuses a new token the session has already used', () => {
        session.given([started]).when({ ...rotate, newTokenHash: 'hash-1' }).thenRejected('unprocessable', /never used/);
        session.given([started, rotated]).when({ ...rotate, presentedTokenHash: 'hash-2', newTokenHash: 'hash-1' }).thenRejected('unprocessable', /never used/);
        session.given([started]).when({ ...rotate, newTokenHash: '' }).thenRejected('unprocessable', /never used/);
      });
      it('refuses a new token that expires when it is issued, or before', () => {
        session.given([started]).when({ ...rotate, newExpiresAt: later }).thenRejected('unprocessable', /expire/);
      });
      it('a session that does not exist is not found', () => {
        session.given([]).when(rotate).thenRejected('not_found');
      });
    });

    describe('revoke', () => {
      it('logging out revokes the session', () => {
        session.given([started]).when({ type: 'RevokeSession', sessionId, reason: 'logout', at: later }).then([loggedOut]);
      });
      it('an admin may revoke a session', () => {
        session
          .given([started, rotated])
          .when({ type: 'RevokeSession', sessionId, reason: 'admin', at: later })
          .then([{ type: 'SessionRevoked', data: { sessionId, userId, reason: 'admin', revokedAt: later } }]);
      });
      it('revoking a revoked session changes nothing', () => {
        session.given([started, loggedOut]).when({ type: 'RevokeSession', sessionId, reason: 'logout', at: later }).then([]);
      });
      it('a session that does not exist is not found', () => {
        session.given([]).when({ type: 'RevokeSession', sessionId, reason: 'logout', at: later }).thenRejected('not_found');
      });
    });
  });
});
