import type { Fault } from './fault.js';
import { errorText, progress, sleep } from './log.js';
import type { RoleProcess } from '../../test/support/role-processes.js';

/** Killing a role's process (SIGKILL) and starting it again. */
export function roleFault(role: RoleProcess): Fault {
  return { name: `role ${role.role}`, how: 'process killed (SIGKILL), started again', down: () => role.process.stop('SIGKILL'), up: () => role.process.start() };
}

export interface FaultOutcome {
  readonly fault: Fault;
  readonly startedAt: number;
  readonly downMs: number;
  readonly error?: string;
}

/** Takes each fault down in turn for `outageMs`, brings it back, and lets the system settle for `settleMs`. */
export async function runFaults(faults: readonly Fault[], outageMs: number, settleMs: number, status: () => string): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const [index, fault] of faults.entries()) {
    const label = `${index + 1}/${faults.length} ${fault.name}`;
    const began = Date.now();
    let error: string | undefined;
    try {
      progress('outage', `${label} DOWN (${fault.how}); ${status()}`);
      await fault.down();
      await sleep(outageMs);
      await fault.up();
      progress('outage', `${label} UP after ${((Date.now() - began) / 1000).toFixed(1)} s; ${status()}`);
    } catch (caught) {
      error = errorText(caught);
      progress('outage', `${label} could not be brought back: ${error}`);
    }
    outcomes.push({ fault, startedAt: began, downMs: Date.now() - began, ...(error === undefined ? {} : { error }) });
    await sleep(settleMs);
  }
  return outcomes;
}

/** The fault whose outage (or the settling after it) a moment falls in. */
export function faultAt(outcomes: readonly FaultOutcome[], at: number, settleMs: number): string {
  const outcome = outcomes.find((o) => at >= o.startedAt && at < o.startedAt + o.downMs + settleMs);
  if (outcome === undefined) return 'no fault';
  return at < outcome.startedAt + outcome.downMs ? `during ${outcome.fault.name}` : `after ${outcome.fault.name}`;
}
