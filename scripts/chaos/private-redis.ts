import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test/support/free-port.js';
import { ManagedProcess } from '../../test/support/managed-process.js';

const run = promisify(execFile);

/** A Redis server of the run's own (no persistence: a restart comes back empty, as a lost cache would). */
export async function privateRedis(dir: string): Promise<{ readonly url: string; readonly process: ManagedProcess }> {
  const port = await freePort();
  const answers = async (): Promise<boolean> => {
    try {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
      return stdout.trim() === 'PONG';
    } catch {
      return false;
    }
  };
  const process = new ManagedProcess({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    logFile: join(dir, 'redis.log'),
    answers,
  });
  return { url: `redis://127.0.0.1:${port}`, process };
}
