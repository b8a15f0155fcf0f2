import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { usersProjection } from '../../projections/users/projection.js';
import { recorded, useProjection } from '../support/projections.js';

const registeredAt = '2025-03-01T10:00:00.000Z';
const changedAt = '2025-03-05T08:15:00.000Z';
const PASSWORD_HASH = 'scrypt$never-to-be-seen$0123456789abcdef';

function userOf(email = `user-${randomUUID()}@shopverse.test`) {
  const userId = randomUUID();
  const stream = `user-${userId}`;
  return {
    userId,
    email,
    registered: (roles: string[] = ['customer']): RecordedEvent =>
      recorded(stream, 'UserRegistered', { userId, email, name: 'Ada Lovelace', passwordHash: PASSWORD_HASH, roles, registeredAt }),
    rolesChanged: (roles: string[]): RecordedEvent => recorded(stream, 'RolesChanged', { userId, roles, changedBy: randomUUID(), changedAt }),
  };
}

describe('users projection', () => {
  const projection = useProjection(usersProjection);

  const userRow = async (userId: string) =>
    (
      await projection.rows(
        `SELECT email, name, roles, position::text AS position,
                to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS registered_at,
                to_char(roles_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS roles_changed_at
           FROM users WHERE user_id = $1`,
        [userId],
      )
    )[0];
  const allUsers = () => projection.rows('SELECT *, position::text AS position FROM users ORDER BY user_id');

  it('records a registered user with email, name, roles and registration time', async () => {
    const user = userOf();
    const registered = user.registered(['customer', 'support']);
    await projection.apply([registered]);
    expect(await userRow(user.userId)).toEqual({
      email: user.email,
      name: 'Ada Lovelace',
      roles: ['customer', 'support'],
      position: registered.position.toString(),
      registered_at: registeredAt,
      roles_changed_at: null,
    });
  });

  it('a roles change replaces the roles', async () => {
    const user = userOf();
    await projection.apply([user.registered()]);
    const changed = user.rolesChanged(['admin', 'auditor']);
    await projection.apply([changed]);
    expect(await userRow(user.userId)).toMatchObject({ roles: ['admin', 'auditor'], roles_changed_at: changedAt, position: changed.position.toString() });
  });

  it('holds no password hash, in no column', async () => {
    const user = userOf();
    await projection.apply([user.registered()]);
    const columns = await projection.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND table_schema = 'public'");
    expect(columns.map((column) => column.column_name)).not.toEqual(expect.arrayContaining([expect.stringMatching(/password|hash/)]));
    const stored = await projection.rows('SELECT users::text AS whole FROM users WHERE user_id = $1', [user.userId]);
    expect(stored[0]?.whole).not.toContain(PASSWORD_HASH);
  });

  it('a roles change of a user never registered changes nothing, and events it does not read are ignored', async () => {
    const before = await allUsers();
    await projection.apply([userOf().rolesChanged(['admin']), recorded(`session-${randomUUID()}`, 'SessionStarted', { userId: randomUUID() })]);
    expect(await allUsers()).toEqual(before);
  });

  it('the same events again change nothing, also after part of the batch was applied', async () => {
    const [ada, grace] = [userOf(), userOf()];
    const batch = [ada.registered(), grace.registered(), ada.rolesChanged(['customer', 'admin']), grace.rolesChanged(['support']), ada.rolesChanged(['auditor'])];
    await projection.apply(batch.slice(0, 3));
    await projection.apply(batch);
    const once = await allUsers();
    await projection.apply(batch);
    await projection.apply(batch.slice(1, 4));
    expect(await allUsers()).toEqual(once);
    expect(await userRow(ada.userId)).toMatchObject({ roles: ['auditor'], position: batch[4]?.position.toString() });
    expect(await userRow(grace.userId)).toMatchObject({ roles: ['support'] });
  });
});
