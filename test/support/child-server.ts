import type { ChildProcess } from 'node:child_process';

/** Waits until the server a test started answers; fails when it exits first or does not answer in time. */
export async function untilAnswering(child: ChildProcess, name: string, answers: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers())) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited with ${String(child.exitCode ?? child.signalCode)}`);
    if (Date.now() > deadline) throw new Error(`${name} did not answer within ${String(timeoutMs / 1_000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A clean shutdown (SIGTERM, after SIGCONT should the test have frozen it), waiting for the process to exit. */
export async function terminate(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  await exited;
}
