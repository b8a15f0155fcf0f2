import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Cleanup } from './cleanup.js';
import { progress } from './log.js';
import { type RoleProcess, roleProcesses } from './roles.js';

const run = promisify(execFile);

/** Migrates the databases, then starts the API and the other roles, each in its own process. */
export async function startSystem(env: NodeJS.ProcessEnv, logDir: string, cleanup: Cleanup): Promise<RoleProcess[]> {
  await run(process.execPath, ['dist/infra/cli/main.js', 'migrate'], { env });
  const roles = await roleProcesses(env, logDir);
  cleanup.add('role processes', () => Promise.all(roles.map((role) => role.process.stop())).then(() => undefined));
  const [api, ...others] = roles;
  if (api === undefined) throw new Error('no API role');
  await api.process.start();
  await Promise.all(others.map((role) => role.process.start()));
  progress('setup', `roles running: ${roles.map((role) => `${role.role} pid ${role.process.pid ?? '?'} ${role.origin}`).join(', ')}`);
  return roles;
}
