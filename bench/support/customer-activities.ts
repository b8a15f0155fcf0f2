import { randomBytes, randomUUID } from 'node:crypto';
import { browsingSessionEvents } from '../../domain/tracking/events.js';
import { browsingSessionStream } from '../../domain/tracking/browsing-session.js';
import { emailReservationStreamFor } from '../../domain/users/email-reservation.js';
import { emailReservationEvents, sessionEvents, userEvents } from '../../domain/users/events.js';
import type { Role } from '../../domain/users/roles.js';
import { sessionStream } from '../../domain/users/session.js';
import { userStream } from '../../domain/users/user.js';
import { Happening, type PlannedAppend } from './happening.js';
import type { ShopState } from './shop-state.js';
import { personName } from './shop-vocabulary.js';

const DAY = 86_400_000;

/** As registration writes it: the email reserved, then the user. */
export function registerUser(shop: ShopState, roles: readonly Role[] = ['customer']): PlannedAppend[] {
  const userId = randomUUID();
  const name = personName(shop.random);
  const email = `${name.toLowerCase().replace(' ', '.')}.${shop.nextSerial()}@example.com`;
  const at = shop.advance();
  if (roles.includes('admin')) shop.admins.push(userId);
  else shop.customers.push({ id: userId, name });
  return new Happening(at, userId)
    .record(emailReservationStreamFor(email), emailReservationEvents, [{ type: 'EmailReserved', data: { email, userId, reservedAt: at } }])
    .record(userStream(userId), userEvents, [
      { type: 'UserRegistered', data: { userId, email, name, passwordHash: `scrypt$${randomBytes(16).toString('hex')}`, roles: [...roles], registeredAt: at } },
    ]).appends;
}

export const registerAdmin = (shop: ShopState): PlannedAppend[] => registerUser(shop, ['admin']);

export function changeRoles(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const customer = random.pick(shop.customers);
  const changedBy = random.pick(shop.admins);
  const at = shop.advance();
  return new Happening(at, changedBy).record(userStream(customer.id), userEvents, [
    { type: 'RolesChanged', data: { userId: customer.id, roles: random.chance(0.5) ? ['customer', 'support'] : ['customer'], changedBy, changedAt: at } },
  ]).appends;
}

/** A customer signs in (no read model reads sessions). */
export function signIn(shop: ShopState): PlannedAppend[] {
  const customer = shop.random.pick(shop.customers);
  const sessionId = randomUUID();
  const at = shop.advance();
  const expiresAt = new Date(Date.parse(at) + 30 * DAY).toISOString();
  return new Happening(at, customer.id).record(sessionStream(sessionId), sessionEvents, [
    { type: 'SessionStarted', data: { sessionId, userId: customer.id, refreshTokenHash: randomBytes(32).toString('hex'), expiresAt, startedAt: at } },
  ]).appends;
}

/** A visitor looks at a few products (no read model reads views): the bulk of a shop's events. */
export function browse(shop: ShopState): PlannedAppend[] {
  const { random } = shop;
  const sessionId = `bs-${randomBytes(8).toString('hex')}`;
  const userId = random.chance(0.4) ? random.pick(shop.customers).id : null;
  const at = shop.advance();
  return new Happening(at, userId).record(
    browsingSessionStream(sessionId),
    browsingSessionEvents,
    Array.from({ length: random.int(1, 4) }, () => ({ type: 'ProductViewed' as const, data: { sessionId, productId: random.pick(shop.products).id, userId, viewedAt: at } })),
  ).appends;
}
