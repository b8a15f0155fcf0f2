#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { ensureInitialAdmin } from '../../command-handlers/users/initial-admin.js';
import { createSystem, openEventStore, prepareDatabases } from '../composition/system.js';
import { createLogger } from '../logging/logger.js';
import { AUDIT_USAGE, auditCommand } from './audit-command.js';
import { PROJECTIONS_USAGE, projectionsCommand } from './projections-command.js';

const USAGE = `usage: shopverse [command]

commands:
  serve          run the system: the gateway (command + query API, /health, /docs) (default)
  migrate        apply pending database migrations and exit
  admin create   create an admin: --email <email> (or ADMIN_EMAIL) [--name <name>]; the password
                 comes from --password or ADMIN_PASSWORD (which keeps it out of the process list)
${PROJECTIONS_USAGE}
${AUDIT_USAGE}
  help           show this text

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

async function createAdmin(options: { email?: string; name?: string; password?: string }): Promise<void> {
  const config = loadConfig();
  const email = options.email ?? config.initialAdmin?.email;
  const password = options.password ?? config.initialAdmin?.password;
  if (email === undefined || password === undefined) {
    console.error(`shopverse: admin create needs --email and a password (--password or ADMIN_PASSWORD)\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (password.length < 12) {
    console.error('shopverse: the admin password must be at least 12 characters');
    process.exitCode = 2;
    return;
  }
  const logger = createLogger(config.logLevel);
  const databases = await prepareDatabases(config, logger);
  const eventStore = await openEventStore(config, databases, logger);
  try {
    const outcome = await ensureInitialAdmin(eventStore, { email, password, ...(options.name === undefined ? {} : { name: options.name }) });
    console.log(outcome === 'created' ? `admin ${email} created` : `a user with the email ${email} already exists; nothing changed`);
  } finally {
    await eventStore.close();
    await databases.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // The projections and audit commands parse their own options.
  if (args[0] === 'projections') {
    process.exitCode = await projectionsCommand(args.slice(1));
    return;
  }
  if (args[0] === 'audit') {
    process.exitCode = await auditCommand(args.slice(1));
    return;
  }
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  const command = positionals.slice(0, positionals[0] === 'admin' ? 2 : 1).join(' ') || 'serve';
  switch (command) {
    case 'admin create':
      return createAdmin(values);
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
