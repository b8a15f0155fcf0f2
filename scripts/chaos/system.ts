import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Cleanup } from './cleanup.js';
import { progress } from './log.js';
import { type RoleProcess, roleProcesses, startRoles, stopRoles } from '../../test/support/role-processes.js';

const run = promisify(execFile);

/** Migrates the databases, then starts the API and the other roles, each in its own process. */
export async function startSystem(env: NodeJS.ProcessEnv, logDir: string, cleanup: Cleanup): Promise<RoleProcess[]> {
  await run(process.execPath, ['dist/infra/cli/main.js', 'migrate'], { env });
  // Live, not ready: a role restarted while a dependency is away must count as up.
  const roles = await roleProcesses(env, logDir, { answersWhen: 'live' });
  cleanup.add('role processes', () => stopRoles(roles));
  await startRoles(roles);
  progress('setup', `roles running: ${roles.map((role) => `${role.role} pid ${role.process.pid ?? '?'} ${role.origin}`).join(', ')}`);
  return roles;
}
