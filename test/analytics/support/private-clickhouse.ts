import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminate, untilAnswering } from '../../support/child-server.js';
import { freePort } from '../../support/free-port.js';

/**
 * A ClickHouse server's home in `home` (data, logs, config), with the configuration
 * `scripts/services.sh` renders but ports of its own: its HTTP URL, and the config file to start
 * `clickhouse-server` with.
 */
export async function prepareClickHouseHome(home: string): Promise<{ readonly url: string; readonly configFile: string }> {
  const httpPort = await freePort();
  let tcpPort = await freePort();
  while (tcpPort === httpPort) tcpPort = await freePort();
  for (const sub of ['log', 'data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(home, sub), { recursive: true });
  const config = readFileSync('scripts/clickhouse/config.xml', 'utf8')
    .replaceAll('@CH_DIR@', home)
    .replace('<http_port>8123</http_port>', `<http_port>${String(httpPort)}</http_port>`)
    .replace('<tcp_port>9000</tcp_port>', `<tcp_port>${String(tcpPort)}</tcp_port>`);
  const configFile = join(home, 'config.xml');
  writeFileSync(configFile, config);
  copyFileSync('scripts/clickhouse/users.xml', join(home, 'users.xml'));
  return { url: `http://127.0.0.1:${String(httpPort)}`, configFile };
}

/**
 * A ClickHouse server of a test's own (its ports, its data directory), with the configuration
 * `scripts/services.sh` renders: a test may stop and start it without disturbing the shared server.
 */
export class PrivateClickHouse {
  private process: ChildProcess | undefined;

  private constructor(
    /** The server's HTTP URL, without a database. */
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async create(): Promise<PrivateClickHouse> {
    const dir = mkdtempSync(join(tmpdir(), 'shopverse-clickhouse-'));
    const { url } = await prepareClickHouseHome(dir);
    return new PrivateClickHouse(url, dir);
  }

  /** Starts the server (on the same data directory each time) and waits until it answers. */
  async start(): Promise<void> {
    // Debian installs the server in /usr/sbin, which a PATH may lack.
    const child = spawn('clickhouse-server', [`--config-file=${join(this.dir, 'config.xml')}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin` } });
    this.process = child;
    await untilAnswering(child, 'the private ClickHouse', () => this.answers(), 30_000);
  }

  /** A clean shutdown (SIGTERM), as an operator's restart would do. */
  async stop(): Promise<void> {
    await terminate(this.process);
    this.process = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1_000) })).ok;
    } catch {
      return false;
    }
  }
}
