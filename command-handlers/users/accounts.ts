import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { emailReservationAggregate, userAggregate } from '../../domain/users/aggregates.js';
import { emailReservationStreamFor } from '../../domain/users/email-reservation.js';
import type { Role } from '../../domain/users/roles.js';
import { userStream } from '../../domain/users/user.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { handleCommand, loadAggregate, type CommandContext } from '../handle-command.js';
import { hashPassword, verifyPassword } from './password.js';

// Fixed namespace: the user id of a registration derives from its command id, so a registration
// repeated after a failure (same Idempotency-Key) completes the same user instead of a second one.
const USER_ID_NAMESPACE = '9e2f4b61-7c3a-4d58-8e1f-0b6a2c4d8e90';

/** A hash no password matches, for the constant-time answer to an unknown email: made on first need, not at start-up. */
let unknownAccountHash: Promise<string> | undefined;

export interface Registration {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly roles?: readonly Role[];
}

/** Reserve the email (one stream per address, created with no_stream), then register the user. */
/** `created` is false when this very registration had already been made (a retried request). */
export async function registerUser(
  store: EventStore,
  registration: Registration,
  context: CommandContext,
): Promise<{ userId: string; position: bigint | null; created: boolean }> {
  const userId = uuidv5(context.commandId, USER_ID_NAMESPACE);
  const passwordHash = await hashPassword(registration.password);
  await handleCommand(store, emailReservationAggregate, emailReservationStreamFor(registration.email), { type: 'ReserveEmail', email: registration.email, userId, at: context.occurredAt }, context);
  const outcome = await handleCommand(
    store,
    userAggregate,
    userStream(userId),
    {
      type: 'RegisterUser',
      userId,
      email: registration.email,
      name: registration.name,
      passwordHash,
      ...(registration.roles === undefined ? {} : { roles: registration.roles }),
      at: context.occurredAt,
    },
    context,
  );
  return { userId, position: outcome.position, created: outcome.appended > 0 };
}

export interface Account {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export async function findAccount(store: EventStore, userId: string): Promise<Account | undefined> {
  const { state } = await loadAggregate(store, userAggregate, userStream(userId));
  return state.status === 'registered' ? { userId, email: state.email, name: state.name, roles: state.roles } : undefined;
}

/** The account whose email and password these are; `undefined` for any mismatch (never says which). */
export async function authenticateAccount(store: EventStore, email: string, password: string): Promise<Account | undefined> {
  const reservation = await loadAggregate(store, emailReservationAggregate, emailReservationStreamFor(email));
  if (reservation.state.status !== 'reserved') {
    // Hash anyway, so that an unknown email takes as long as a wrong password and answers tell nothing.
    unknownAccountHash ??= hashPassword(randomUUID());
    await verifyPassword(password, await unknownAccountHash);
    return undefined;
  }
  const user = await loadAggregate(store, userAggregate, userStream(reservation.state.userId));
  const registered = user.history.find((event) => event.type === 'UserRegistered');
  if (registered?.type !== 'UserRegistered' || user.state.status !== 'registered') return undefined;
  if (!(await verifyPassword(password, registered.data.passwordHash))) return undefined;
  return { userId: registered.data.userId, email: user.state.email, name: user.state.name, roles: user.state.roles };
}
