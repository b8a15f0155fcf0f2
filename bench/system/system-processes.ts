import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type RoleProcess, roleProcesses, startRoles } from '../../test/support/role-processes.js';

/** One `shopverse serve` process per role, started and ready (`startRoles`), with these options of node. */
export async function startSystem(env: NodeJS.ProcessEnv, logDir: string, nodeArgs: readonly string[] = []): Promise<RoleProcess[]> {
  const roles = await roleProcesses(env, logDir, { answersWhen: 'ready', nodeArgs });
  await startRoles(roles);
  return roles;
}

/** SIGTERM, then SIGKILL after 15 s, each child; resolves when all exited. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** The in-repo EventStoreDB emulator as a process of its own, for `--event-store esdb`: ready once it prints its URL. */
export async function startEsdbEmulator(logDir: string): Promise<{ url: string; child: ChildProcess }> {
  const log = openSync(join(logDir, 'esdb-emulator.log'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/esdb-emulator/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', log] });
  if (child.stdout === null) throw new Error('the EventStoreDB emulator has no stdout');
  const printed = once(createInterface({ input: child.stdout }), 'line') as Promise<[string]>;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the EventStoreDB emulator exited with code ${String(code)} (see its log)`);
  });
  const [url] = await Promise.race([printed, exited]);
  exited.catch(() => undefined);
  return { url, child };
}
