import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pino } from 'pino';
import type { Projection } from '../../projections/projection.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { openEventStore, prepareDatabases } from '../composition/system.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import type { PersonalDataEventStore } from '../personal-data/personal-data-event-store.js';
import type { SqlDatabase } from '../postgres/sql-database.js';

/** A bad invocation: exit code 2. */
export class UsageError extends Error {}

export interface Tools {
  readonly db: SqlDatabase;
  /** Reads as everything else reads (personal fields decrypted or erased); `store.recorded` gives events as stored. */
  readonly store: PersonalDataEventStore;
}

/**
 * Opens and migrates the databases and the event store for a command, making sure the tables of
 * `projections` exist (so a fresh database answers too); logs go to stderr, stdout carries the
 * command's answer.
 */
export async function withTools<T>(projections: readonly Projection[], work: (tools: Tools) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));
  const databases = await prepareDatabases(config, logger);
  try {
    const store = await openEventStore(config, databases, logger);
    try {
      for (const projection of projections) await installProjectionSchema(databases.readModels, projection);
      return await work({ db: databases.readModels, store });
    } finally {
      await store.close();
    }
  } finally {
    await databases.close();
  }
}

/** Strict options and positionals; a bad one is a UsageError. */
export function parse<Options extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs `shopverse <group> <name> …` with the group's subcommands: the exit code (2 and the usage
 * for a bad invocation, 1 when the work failed); a configuration error goes up to `main`.
 */
export async function runSubcommand(
  group: string,
  usage: string,
  subcommands: ReadonlyMap<string, (args: readonly string[]) => Promise<number>>,
  [name = '', ...rest]: readonly string[],
): Promise<number> {
  const subcommand = subcommands.get(name);
  try {
    if (subcommand === undefined) throw new UsageError(name === '' ? `${group} needs a command` : `unknown ${group} command "${name}"`);
    return await subcommand(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`shopverse: ${error.message}\n\nusage:\n${usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) throw error;
    process.stderr.write(`shopverse: ${group} ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
