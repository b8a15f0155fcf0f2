import { execFile } from 'node:child_process';
import type { Environment } from '../environment.js';
import { examples, type InvariantResult, checked } from './result.js';

/** `shopverse audit verify` against the run's databases (the read models directly, not through the proxy) exits 0. */
export function checkAuditVerify(env: Environment, systemEnv: NodeJS.ProcessEnv): Promise<InvariantResult> {
  return checked('read models equal a rebuild (audit verify)', async () => {
    const cliEnv = { ...systemEnv, DATABASE_URL: env.readModelUrl, LOG_LEVEL: 'silent' };
    const began = Date.now();
    const { status, stdout } = await new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['dist/infra/cli/main.js', 'audit', 'verify'], { env: cliEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, out) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout: out });
      });
    });
    const findings = stdout.split('\n').filter((line) => line.trim() !== '');
    return { pass: status === 0, detail: `exit ${status} in ${((Date.now() - began) / 1000).toFixed(1)} s, ${findings.length} findings${examples(findings, 3)}` };
  });
}
