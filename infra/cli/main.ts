#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { createSystem, prepareDatabases } from '../composition/system.js';
import { createLogger } from '../logging/logger.js';

const USAGE = `usage: shopverse [command]

commands:
  serve     run the system: the gateway (command + query API, /health, /docs) (default)
  migrate   apply pending database migrations and exit
  help      show this text

Configuration comes from the environment; see README.md ("Configuration").`;

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const system = await createSystem(config, logger);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    system.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const address = await system.listen();
  logger.info({ address }, 'shopverse is serving');
}

async function migrateOnly(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const databases = await prepareDatabases(config, logger);
  await databases.close();
  logger.info('schema is up to date');
}

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true });
  const command = positionals[0] ?? 'serve';
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrateOnly();
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(`shopverse: unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`shopverse: ${error.message}`);
    process.exit(2);
  }
  console.error(`shopverse: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
