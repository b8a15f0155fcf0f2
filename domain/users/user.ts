import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { ChangeRoles, EraseUser, RegisterUser, UserCommand } from './commands.js';
import { isEmailShaped, normalizeEmail } from './email.js';
import type { UserEvent } from './events.js';
import { defaultRoles, roleSet, type Role } from './roles.js';

export type UserState =
  | { readonly status: 'none' }
  | { readonly status: 'registered'; readonly email: string; readonly name: string; readonly roles: readonly Role[] }
  /** Gone for good: no sign-in, no roles, no personal data. */
  | { readonly status: 'erased' };

export const userStream = (userId: string): string => `user-${userId}`;

const invalidRoles = 'roles must be a non-empty set of customer, admin, support, auditor';

function register(command: RegisterUser, state: UserState): Decision<UserEvent> {
  if (state.status === 'erased') return reject('conflict', 'the user was erased');
  if (state.status !== 'none') {
    // The same registration again (its id derives from the request's Idempotency-Key, retried after a
    // failure) changes nothing; anything else under this id is a conflict.
    const same = state.email === normalizeEmail(command.email) && state.name === command.name.trim();
    return same ? [] : reject('conflict', 'the user is already registered');
  }
  const email = normalizeEmail(command.email);
  if (!isEmailShaped(email)) return reject('unprocessable', 'the email address is not valid');
  const name = command.name.trim();
  if (name === '') return reject('unprocessable', 'a user needs a name');
  if (command.passwordHash === '') return reject('unprocessable', 'a user needs a password hash');
  const roles = command.roles === undefined ? defaultRoles : roleSet(command.roles);
  if (roles === undefined) return reject('unprocessable', invalidRoles);
  return [
    {
      type: 'UserRegistered',
      data: { userId: command.userId, email, name, passwordHash: command.passwordHash, roles: [...roles], registeredAt: command.at },
    },
  ];
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function changeRoles(command: ChangeRoles, state: UserState): Decision<UserEvent> {
  if (state.status !== 'registered') return reject('not_found', 'no such user');
  const roles = roleSet(command.roles);
  if (roles === undefined) return reject('unprocessable', invalidRoles);
  // Setting the roles the user already holds changes nothing, so a retried request is harmless.
  if (sameRoles(roles, state.roles)) return [];
  return [{ type: 'RolesChanged', data: { userId: command.userId, roles: [...roles], changedBy: command.changedBy, changedAt: command.at } }];
}

function erase(command: EraseUser, state: UserState): Decision<UserEvent> {
  if (state.status === 'none') return reject('not_found', 'no such user');
  // Erasing again changes nothing, so a retried request is harmless.
  if (state.status === 'erased') return [];
  return [{ type: 'UserErased', data: { userId: command.userId, erasedBy: command.erasedBy, erasedAt: command.at } }];
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser':
        return register(command, state);
      case 'ChangeRoles':
        return changeRoles(command, state);
      case 'EraseUser':
        return erase(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return { status: 'registered', email: event.data.email, name: event.data.name, roles: event.data.roles };
      case 'RolesChanged':
        return state.status === 'registered' ? { ...state, roles: event.data.roles } : state;
      case 'UserErased':
        return { status: 'erased' };
    }
  },
};
