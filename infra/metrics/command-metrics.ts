import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { CommandObserver } from '../../command-handlers/command-observer.js';

/**
 * Every command handled, from the API and the sagas alike: `shopverse_commands_total{command,outcome}`
 * and `shopverse_command_retries_total{command}`, each also a debug line (with the log context of
 * the request or saga step that sent the command).
 */
export function commandMetrics(registry: Registry, logger: Logger): CommandObserver {
  const handled = new Counter({
    name: 'shopverse_commands_total',
    help: 'Commands handled, by type and outcome (accepted, rejected, conflict, precondition_failed, unavailable, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'shopverse_command_retries_total',
    help: 'Times a command decided again on fresh state after its append conflicted with a concurrent writer',
    labelNames: ['command'] as const,
    registers: [registry],
  });
  return {
    handled(command, outcome) {
      handled.inc({ command, outcome });
      logger.debug({ command, outcome }, 'command handled');
    },
    retried(command) {
      retries.inc({ command });
      logger.debug({ command }, 'command conflicted with a concurrent writer: deciding again');
    },
  };
}
