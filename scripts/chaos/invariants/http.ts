import type { HttpStats } from '../http-stats.js';
import { examples, type InvariantResult } from './result.js';

/** The load generator saw no 5xx but 503 (a dependency down); transport errors (a killed API) are reported, not failed. */
export function checkNoServerErrors(stats: HttpStats): InvariantResult {
  return {
    name: 'no 500s seen by the load generator',
    pass: stats.serverErrors.length === 0,
    detail: `${stats.summary()}; 5xx other than 503: ${stats.serverErrors.length}${examples(stats.serverErrors, 5)}`,
  };
}

/** No role process exited on its own (only the run's SIGKILLs); a crashed one is not restarted. */
export function checkNoCrashes(roles: readonly { readonly role: string; readonly process: { readonly crashes: readonly string[] } }[]): InvariantResult {
  const crashed = roles.flatMap((role) => role.process.crashes.map((crash) => `${role.role}: ${crash}`));
  return { name: 'no role process crashed', pass: crashed.length === 0, detail: `${crashed.length} unexpected exits${examples(crashed, 10)} (stack in the role's log)` };
}
