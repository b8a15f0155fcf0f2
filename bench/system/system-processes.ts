import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type Role } from '../../infra/config/config.js';
import { freePort } from '../../test/support/free-port.js';


export interface RoleProcess {
  readonly role: Role;
  readonly origin: string;
  readonly child: ChildProcess;
}

async function waitReady(origin: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} (see its log)`);
    const ready = await fetch(`${origin}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready in 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts one `shopverse serve` (the build in dist/) for a role, with these options of node; its log (JSON lines) goes to `<logDir>/<role>.log`. */
async function startRole(role: Role, env: NodeJS.ProcessEnv, logDir: string, nodeArgs: readonly string[]): Promise<RoleProcess> {
  const port = await freePort();
  const log = openSync(join(logDir, `${role}.log`), 'a');
  const child = spawn(process.execPath, [...nodeArgs, 'dist/infra/cli/main.js', 'serve'], { env: { ...env, ROLES: role, PORT: String(port) }, stdio: ['ignore', log, log] });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(origin, child, `the ${role} process`);
  return { role, origin, child };
}

/** The api process first (it migrates the databases and creates the admin), then the others side by side. */
export async function startSystem(env: NodeJS.ProcessEnv, logDir: string, nodeArgs: readonly string[] = []): Promise<RoleProcess[]> {
  const api = await startRole('api', env, logDir, nodeArgs);
  const started: RoleProcess[] = [api];
  const others = await Promise.allSettled(ROLES.filter((role) => role !== 'api').map((role) => startRole(role, env, logDir, nodeArgs)));
  for (const outcome of others) if (outcome.status === 'fulfilled') started.push(outcome.value);
  const failed = others.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) {
    await stopAll(started.map((process) => process.child));
    throw failed.reason;
  }
  return started;
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

/** The in-repo EventStoreDB emulator as a process of its own, for `--event-store esdb`. */
export async function startEsdbEmulator(logDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const log = openSync(join(logDir, 'esdb-emulator.log'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/esdb-emulator/main.ts', '--port', String(port)], { stdio: ['ignore', log, log] });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  if (child.exitCode !== null) throw new Error(`the EventStoreDB emulator exited with code ${child.exitCode}`);
  return { url: `esdb://127.0.0.1:${port}?tls=false`, child };
}
