import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import type { z } from 'zod';

/** An event store and a read-model database; one URL for both when the event store is that Postgres database. */
export type CliTarget = string | { readonly eventStore: string; readonly database: string };

/** The environment a user would have, pointed at the target: none of our other variables. */
export function cliEnvFor(url: CliTarget): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|EVENTSTORE_URL|DATABASE_URL|REDIS_URL|KAFKA_BROKERS|CLICKHOUSE_URL|JWT_SECRET|ADMIN_|LOG_LEVEL|SHOPVERSE_)/.test(key)));
  const { eventStore, database } = typeof url === 'string' ? { eventStore: url, database: url } : url;
  return { ...env, EVENTSTORE_URL: eventStore, DATABASE_URL: database, LOG_LEVEL: 'silent' };
}

/** Runs `shopverse <args>` from the sources against the target. */
export function runCli(url: CliTarget, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], { env: cliEnvFor(url), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * `runCli` without blocking this process: for a system running in it that the command waits on (its
 * runners must go on to release what `audit verify` waits for).
 */
export function runCliAlongside(url: CliTarget, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], { env: cliEnvFor(url), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** A command's output of one JSON value a line, each checked against the schema. */
export function jsonLines<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => schema.parse(JSON.parse(line)));
}
