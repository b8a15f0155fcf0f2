import type { InvariantResult } from './invariants/result.js';
import type { FaultOutcome } from './schedule.js';

/** The run's verdict on stdout: the faults injected, then each invariant with PASS or FAIL. */
export function printReport(faults: readonly FaultOutcome[], results: readonly InvariantResult[], notes: readonly string[]): void {
  const lines = ['', 'faults injected:'];
  for (const { fault, downMs, error } of faults) lines.push(`  ${fault.name.padEnd(24)} ${(downMs / 1000).toFixed(1).padStart(5)} s  ${fault.how}${error === undefined ? '' : `  (ERROR: ${error})`}`);
  for (const note of notes) lines.push(`note: ${note}`);
  lines.push('', 'invariants:');
  for (const result of results) lines.push(`  ${result.pass ? 'PASS' : 'FAIL'}  ${result.name}`, `        ${result.detail}`);
  const failed = results.filter((result) => !result.pass).length;
  lines.push('', failed === 0 ? `all ${results.length} invariants hold` : `${failed} of ${results.length} invariants FAILED`, '');
  process.stdout.write(lines.join('\n'));
}
