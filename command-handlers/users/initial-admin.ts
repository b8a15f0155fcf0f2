import { v5 as uuidv5 } from 'uuid';
import { normalizeEmail } from '../../domain/users/email.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { CommandRejectedError } from '../errors.js';
import type { CommandContext } from '../handle-command.js';
import { registerUser } from './accounts.js';

// Fixed namespace: the bootstrap admin's command id derives from the email, so every start-up
// that repeats the bootstrap lands on the same user and changes nothing.
const ADMIN_NAMESPACE = 'd4a7c2e1-8f3b-4a6d-9c5e-2b1f0e7d6c3a';

/** Creates the admin unless the email already belongs to a user; says which happened. */
export async function ensureInitialAdmin(
  store: EventStore,
  admin: { readonly email: string; readonly password: string; readonly name?: string },
): Promise<'created' | 'exists'> {
  const context: CommandContext = {
    commandId: uuidv5(normalizeEmail(admin.email), ADMIN_NAMESPACE),
    correlationId: uuidv5(`bootstrap/${normalizeEmail(admin.email)}`, ADMIN_NAMESPACE),
    causationId: null,
    actorId: null,
    occurredAt: new Date().toISOString(),
  };
  try {
    const { created } = await registerUser(store, { email: admin.email, password: admin.password, name: admin.name ?? 'Administrator', roles: ['customer', 'admin'] }, context);
    return created ? 'created' : 'exists';
  } catch (error) {
    if (error instanceof CommandRejectedError && error.rejection.code === 'conflict') return 'exists';
    throw error;
  }
}
