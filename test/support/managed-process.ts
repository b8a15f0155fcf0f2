import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { untilAnswering } from './child-server.js';

/** Servers and role processes answer within this after a start, on a loaded machine too. */
const START_TIMEOUT_MS = 90_000;

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
  readonly runAs?: RunAs;
}

/** A child process the run may start, kill and start again, always the same way (same ports). */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  /** Exits the run did not ask for (a crash), with the code or signal. */
  readonly crashes: string[] = [];

  constructor(readonly spec: ProcessSpec) {}

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
    await untilAnswering(child, `${this.spec.name} (see ${this.spec.logFile})`, this.spec.answers, START_TIMEOUT_MS);
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
