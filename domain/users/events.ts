import { z } from 'zod';
import { defineEvent, type EventOf } from '../shared/event-catalogue.js';
import { erasableFromNowOn, personal } from '../shared/personal-data.js';
import { RoleSchema } from './roles.js';

const RolesSchema = z.array(RoleSchema).min(1);

export const UserRegistered = defineEvent(
  'UserRegistered',
  z.object({
    userId: z.uuid(),
    /** Normalised (trimmed, lower case). */
    email: personal(z.email()),
    name: z.string().min(1),
    /** Hashed by the handler; the domain never sees the password. */
    passwordHash: z.string().min(1),
    roles: RolesSchema,
    registeredAt: z.iso.datetime(),
  }),
  2,
  { withheld: ['passwordHash'], personal: { subject: 'userId', fields: ['email', 'name'] }, upcasters: { 1: erasableFromNowOn } },
);

export const RolesChanged = defineEvent(
  'RolesChanged',
  z.object({ userId: z.uuid(), roles: RolesSchema, changedBy: z.uuid(), changedAt: z.iso.datetime() }),
);

/** The user's personal data erased at their request: their key destroyed, so every personal field they ever gave reads `ERASED`. */
export const UserErased = defineEvent('UserErased', z.object({ userId: z.uuid(), erasedBy: z.uuid(), erasedAt: z.iso.datetime() }));

export const userEvents = [UserRegistered, RolesChanged, UserErased] as const;

export type UserEvent = EventOf<(typeof userEvents)[number]>;

export const EmailReserved = defineEvent(
  'EmailReserved',
  z.object({ email: personal(z.email()), userId: z.uuid(), reservedAt: z.iso.datetime() }),
  2,
  { personal: { subject: 'userId', fields: ['email'] }, upcasters: { 1: erasableFromNowOn } },
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
