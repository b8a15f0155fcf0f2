import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port.js';
import { ManagedProcess } from './managed-process.js';

/**
 * A ClickHouse server of the run's own, from the same binary and config templates as
 * `scripts/services.sh` (its own ports and data directory), so stopping it disturbs nobody.
 */
export async function privateClickHouse(dir: string): Promise<{ readonly server: string; readonly process: ManagedProcess }> {
  const httpPort = await freePort();
  let tcpPort = await freePort();
  while (tcpPort === httpPort) tcpPort = await freePort();
  const home = join(dir, 'clickhouse');
  for (const sub of ['log', 'data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(home, sub), { recursive: true });
  const config = readFileSync('scripts/clickhouse/config.xml', 'utf8')
    .replaceAll('@CH_DIR@', home)
    .replace('<http_port>8123</http_port>', `<http_port>${httpPort}</http_port>`)
    .replace('<tcp_port>9000</tcp_port>', `<tcp_port>${tcpPort}</tcp_port>`);
  writeFileSync(join(home, 'config.xml'), config);
  copyFileSync('scripts/clickhouse/users.xml', join(home, 'users.xml'));
  const server = `http://127.0.0.1:${httpPort}`;
  const answers = async (): Promise<boolean> => {
    try {
      const response = await fetch(`${server}/ping`, { signal: AbortSignal.timeout(2_000) });
      return response.ok && (await response.text()).startsWith('Ok.');
    } catch {
      return false;
    }
  };
  const process = new ManagedProcess({
    name: 'clickhouse',
    command: '/usr/sbin/clickhouse-server',
    args: [`--config-file=${join(home, 'config.xml')}`],
    logFile: join(home, 'log', 'stdout.log'),
    answers,
  });
  return { server, process };
}
