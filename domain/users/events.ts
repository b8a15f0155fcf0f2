import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';
import { RoleSchema } from './roles.js';

const RolesSchema = z.array(RoleSchema).min(1);

export const UserRegistered = defineEvent(
  'UserRegistered',
  z.object({
    userId: z.uuid(),
    /** Normalised (trimmed, lower case). */
    email: z.email(),
    name: z.string().min(1),
    /** Hashed by the handler; the domain never sees the password. */
    passwordHash: z.string().min(1),
    roles: RolesSchema,
    registeredAt: z.iso.datetime(),
  }),
  1,
  { withheld: ['passwordHash'] },
);

export const RolesChanged = defineEvent(
  'RolesChanged',
  z.object({ userId: z.uuid(), roles: RolesSchema, changedBy: z.uuid(), changedAt: z.iso.datetime() }),
);

export const userEvents = [UserRegistered, RolesChanged] as const;

export type UserEvent = EventOf<(typeof userEvents)[number]>;

export const EmailReserved = defineEvent(
  'EmailReserved',
  z.object({ email: z.email(), userId: z.uuid(), reservedAt: z.iso.datetime() }),
);

export const emailReservationEvents = [EmailReserved] as const;

export type EmailReservationEvent = EventOf<(typeof emailReservationEvents)[number]>;

export const SessionRevocationReasonSchema = z.enum(['logout', 'admin', 'refresh_token_reused']);
export type SessionRevocationReason = z.infer<typeof SessionRevocationReasonSchema>;

export const SessionStarted = defineEvent(
  'SessionStarted',
  z.object({
    sessionId: z.uuid(),
    userId: z.uuid(),
    refreshTokenHash: z.string().min(1),
    expiresAt: z.iso.datetime(),
    startedAt: z.iso.datetime(),
  }),
  1,
  { withheld: ['refreshTokenHash'] },
);

export const RefreshTokenRotated = defineEvent(
  'RefreshTokenRotated',
  z.object({
    sessionId: z.uuid(),
    userId: z.uuid(),
    refreshTokenHash: z.string().min(1),
    expiresAt: z.iso.datetime(),
    rotatedAt: z.iso.datetime(),
  }),
  1,
  { withheld: ['refreshTokenHash'] },
);

export const SessionRevoked = defineEvent(
  'SessionRevoked',
  z.object({ sessionId: z.uuid(), userId: z.uuid(), reason: SessionRevocationReasonSchema, revokedAt: z.iso.datetime() }),
);

export const sessionEvents = [SessionStarted, RefreshTokenRotated, SessionRevoked] as const;

export type SessionEvent = EventOf<(typeof sessionEvents)[number]>;
