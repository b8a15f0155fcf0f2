import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../test/support/free-port.js';
import { ManagedProcess, type RunAs } from '../../test/support/managed-process.js';

const run = promisify(execFile);
const INSTALLS = '/usr/lib/postgresql';
const DATABASE = 'shopverse_read_models';

/** The newest Postgres installed the Debian way (its `initdb` and `postgres` are off the PATH). */
function binDir(): string {
  const versions = existsSync(INSTALLS) ? readdirSync(INSTALLS).filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(a) - Number(b)) : [];
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error(`no Postgres under ${INSTALLS}`);
  return join(INSTALLS, newest, 'bin');
}

/** initdb and the server refuse to run as root: as root, they run as the `postgres` user. */
async function runAs(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string): Promise<number> => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A Postgres cluster of the run's own for the read models, so that the chaos run can stop the server
 * itself (a fast shutdown: sessions ended, as an operator's restart) and start it again, leaving the
 * shared server alone. Its database is created once it first answers.
 */
export async function privatePostgres(dir: string): Promise<{ readonly url: string; readonly process: ManagedProcess }> {
  const user = await runAs();
  const data = join(dir, 'postgres');
  mkdirSync(data, { mode: 0o700 });
  if (user !== undefined) {
    // The server's user must reach its data directory inside the run's.
    chmodSync(dir, 0o755);
    chownSync(data, user.uid, user.gid);
  }
  const bin = binDir();
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], user ?? {});
  const port = await freePort();
  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const process = new ManagedProcess({
    name: 'postgres',
    command: join(bin, 'postgres'),
    args: ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    logFile: join(dir, 'postgres.log'),
    answers: () => answers(serverUrl),
    ...(user === undefined ? {} : { runAs: user }),
  });
  await process.start();
  const client = new pg.Client({ connectionString: serverUrl });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } catch (error) {
    await process.stop('SIGINT');
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, process };
}
