import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const TEST_BROKER = process.env.TEST_KAFKA_BROKER ?? '127.0.0.1:9092';

/** Whether a broker answers with its metadata (as `scripts/services.sh` checks readiness). */
export async function brokerAnswers(): Promise<boolean> {
  try {
    const { stdout } = await run('kcat', ['-b', TEST_BROKER, '-L', '-m', '2']);
    return /^\s*[1-9]\d* brokers:/m.test(stdout);
  } catch {
    return false;
  }
}

/** Starts only the Kafka service of `scripts/services.sh` when no broker answers (idempotent). */
export async function ensureBroker(): Promise<void> {
  if (await brokerAnswers()) return;
  await run('bash', ['scripts/services.sh', 'up'], { env: { ...process.env, SERVICES: 'kafka' } });
}

/** Stops the broker `scripts/services.sh` started (a controlled shutdown), for outage tests. */
export async function stopBroker(): Promise<void> {
  await run('bash', ['scripts/services.sh', 'down'], { env: { ...process.env, SERVICES: 'kafka' } });
}
