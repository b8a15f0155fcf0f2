import { join } from 'node:path';
import { ROLES, type Role } from '../../infra/config/config.js';
import { freePort } from '../../test/support/free-port.js';
import { ManagedProcess } from './managed-process.js';


export interface RoleProcess {
  readonly role: Role;
  readonly origin: string;
  readonly process: ManagedProcess;
}

async function live(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/health/live`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** One `shopverse serve` process per role, each on its own port (health and metrics are served by every role). */
export async function roleProcesses(env: NodeJS.ProcessEnv, logDir: string): Promise<RoleProcess[]> {
  const processes: RoleProcess[] = [];
  for (const role of ROLES) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const process = new ManagedProcess({
      name: `role ${role}`,
      command: globalThis.process.execPath,
      args: ['dist/infra/cli/main.js', 'serve'],
      env: { ...env, PORT: String(port), ROLES: role },
      logFile: join(logDir, `${role}.log`),
      answers: () => live(origin),
    });
    processes.push({ role, origin, process });
  }
  return processes;
}
