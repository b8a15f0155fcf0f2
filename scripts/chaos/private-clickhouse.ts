import { join } from 'node:path';
import { prepareClickHouseHome } from '../../test/analytics/support/private-clickhouse.js';
import { ManagedProcess } from '../../test/support/managed-process.js';

/**
 * A ClickHouse server of the run's own, from the same binary and config templates as
 * `scripts/services.sh` (its own ports and data directory), so stopping it disturbs nobody.
 */
export async function privateClickHouse(dir: string): Promise<{ readonly server: string; readonly process: ManagedProcess }> {
  const home = join(dir, 'clickhouse');
  const { url: server, configFile } = await prepareClickHouseHome(home);
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
    args: [`--config-file=${configFile}`],
    logFile: join(home, 'log', 'stdout.log'),
    answers,
  });
  return { server, process };
}
