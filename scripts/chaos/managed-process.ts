import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { sleep } from './log.js';

/** Another user for the process (the run may be root; some servers refuse to run as root). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  readonly logFile: string;
  /** Resolves true once the process serves. */
  readonly answers: () => Promise<boolean>;
  readonly startTimeoutMs?: number;
  readonly runAs?: RunAs;
}

/** A child process the run may start, kill and start again, always the same way (same ports). */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  /** Exits the run did not ask for (a crash), with the code or signal. */
  readonly crashes: string[] = [];

  constructor(readonly spec: ProcessSpec) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it and waits until it answers. */
  async start(): Promise<void> {
    const log = openSync(this.spec.logFile, 'a');
    try {
      this.child = spawn(this.spec.command, [...this.spec.args], { env: this.spec.env ?? process.env, stdio: ['ignore', log, log], ...(this.spec.runAs ?? {}) });
    } finally {
      closeSync(log);
    }
    const child = this.child;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.crashes.push(`${new Date().toISOString()} exit ${code ?? signal ?? '?'}`);
    });
    const deadline = Date.now() + (this.spec.startTimeoutMs ?? 90_000);
    while (!(await this.spec.answers())) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.spec.name} exited during start-up (see ${this.spec.logFile})`);
      if (Date.now() > deadline) throw new Error(`${this.spec.name} did not answer in time (see ${this.spec.logFile})`);
      await sleep(200);
    }
  }

  /** Sends the signal and waits for the exit (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
