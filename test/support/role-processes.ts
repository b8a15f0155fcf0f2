import { join } from 'node:path';
import { ROLES, type Role } from '../../infra/config/config.js';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';

export interface RoleProcess {
  readonly role: Role;
  readonly origin: string;
  readonly process: ManagedProcess;
}

async function answersOn(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * One `shopverse serve` process (the build in dist/) per role, each on its own port (health and
 * metrics are served by every role), its log in `<logDir>/<role>.log`; not started yet. A start
 * waits for `/health/<answersWhen>`: `live` (the process serves) or `ready` (its dependencies too).
 * `nodeArgs` go to node before the program (e.g. `--cpu-prof`).
 */
export async function roleProcesses(env: NodeJS.ProcessEnv, logDir: string, options: { readonly answersWhen: 'live' | 'ready'; readonly nodeArgs?: readonly string[] }): Promise<RoleProcess[]> {
  const processes: RoleProcess[] = [];
  for (const role of ROLES) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${String(port)}`;
    const process = new ManagedProcess({
      name: `role ${role}`,
      command: globalThis.process.execPath,
      args: [...(options.nodeArgs ?? []), 'dist/infra/cli/main.js', 'serve'],
      env: { ...env, PORT: String(port), ROLES: role },
      logFile: join(logDir, `${role}.log`),
      answers: () => answersOn(`${origin}/health/${options.answersWhen}`),
    });
    processes.push({ role, origin, process });
  }
  return processes;
}

/** Stops every role's process (SIGTERM, SIGKILL after a grace). */
export async function stopRoles(roles: readonly RoleProcess[]): Promise<void> {
  await Promise.all(roles.map((role) => role.process.stop()));
}

/**
 * Starts the api role's process first (it migrates the databases and creates the initial admin), then
 * the others side by side; should one not come up, stops them all and throws its failure.
 */
export async function startRoles(roles: readonly RoleProcess[]): Promise<void> {
  const api = roles.filter((role) => role.role === 'api');
  const others = roles.filter((role) => role.role !== 'api');
  try {
    for (const role of api) await role.process.start();
    const started = await Promise.allSettled(others.map((role) => role.process.start()));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  } catch (error) {
    await stopRoles(roles);
    throw error;
  }
}
