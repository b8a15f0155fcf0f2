import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import type { z } from 'zod';

/** The environment a user would have, pointed at one database: none of our other variables. */
export function cliEnvFor(url: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|EVENTSTORE_URL|DATABASE_URL|REDIS_URL|KAFKA_BROKERS|CLICKHOUSE_URL|JWT_SECRET|ADMIN_|LOG_LEVEL|SHOPVERSE_)/.test(key)));
  return { ...env, EVENTSTORE_URL: url, DATABASE_URL: url, LOG_LEVEL: 'silent' };
}

/** Runs `shopverse <args>` from the sources against that database. */
export function runCli(url: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], { env: cliEnvFor(url), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** A command's output of one JSON value a line, each checked against the schema. */
export function jsonLines<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => schema.parse(JSON.parse(line)));
}
