import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port.js';

const run = promisify(execFile);

/**
 * A Kafka broker of a test's own (its ports, its data directory), from the jars `scripts/services.sh`
 * fetched: a test may stop and start it without disturbing the shared broker other tests use.
 */
export class PrivateBroker {
  private process: ChildProcess | undefined;

  private constructor(
    readonly address: string,
    private readonly dir: string,
    private readonly classpath: string,
  ) {}

  static async create(): Promise<PrivateBroker> {
    const { stdout } = await run('bash', ['scripts/services.sh', 'kafka-libs']);
    const classpath = `${stdout.trim()}/*`;
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'shopverse-kafka-'));
    const properties = readFileSync('scripts/kafka/server.properties', 'utf8')
      .replaceAll('@KAFKA_DIR@', dir)
      .replaceAll('127.0.0.1:9092', `127.0.0.1:${String(port)}`)
      .replaceAll('127.0.0.1:9093', `127.0.0.1:${String(controllerPort)}`);
    writeFileSync(join(dir, 'server.properties'), properties);
    const clusterId = randomBytes(16).toString('base64url');
    // `--cluster-id=<id>`: an id starting with '-' (1 in 64) would otherwise be read as an option.
    await run('java', ['-Xmx256m', ...logging(), '-cp', classpath, 'kafka.tools.StorageTool', 'format', '--standalone', `--cluster-id=${clusterId}`, '--config', join(dir, 'server.properties')]);
    return new PrivateBroker(`127.0.0.1:${String(port)}`, dir, classpath);
  }

  /** Starts the broker and waits until it answers with its metadata. */
  async start(): Promise<void> {
    const child = spawn('java', ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', ...logging(), '-cp', this.classpath, 'kafka.Kafka', join(this.dir, 'server.properties')], { stdio: 'ignore' });
    this.process = child;
    const deadline = Date.now() + 60_000;
    while (!(await this.answers())) {
      if (child.exitCode !== null) throw new Error(`the private Kafka broker exited with ${String(child.exitCode)}`);
      if (Date.now() > deadline) throw new Error('the private Kafka broker did not answer within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** A controlled shutdown (SIGTERM), as an operator's restart would do. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    try {
      const { stdout } = await run('kcat', ['-b', this.address, '-L', '-m', '2']);
      return /^\s*[1-9]\d* brokers:/m.test(stdout);
    } catch {
      return false;
    }
  }
}

function logging(): string[] {
  return [`-Dlog4j2.configurationFile=${join(process.cwd(), 'scripts/kafka/log4j2.properties')}`];
}
