import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isMessageTooLarge } from '../../projections/kafka-bridge/kafka-errors.js';
import { ProducerThreadClient } from '../../projections/kafka-bridge/producer-thread-client.js';
import { freePort } from '../support/free-port.js';
import { TEST_BROKER } from './support/broker.js';
import { freshPrefix } from './support/fixture.js';

const run = promisify(execFile);

/** The values on a topic as kcat reads them, one a line. */
async function valuesOn(topic: string): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', TEST_BROKER, '-C', '-t', topic, '-e', '-q', '-f', '%s\n']);
  return stdout.split('\n').filter((line) => line !== '');
}

const LogLineSchema = z.looseObject({ level: z.number(), msg: z.string(), component: z.string().optional(), bridge: z.string().optional() });

/** A logger whose lines are kept, parsed, and a binding to tell that they went through it. */
function capturingLogger(): { logger: pino.Logger; lines: () => z.infer<typeof LogLineSchema>[] } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => raw.push(line) }).child({ bridge: 'under-test' });
  return { logger, lines: () => raw.map((line) => LogLineSchema.parse(JSON.parse(line))) };
}

describe('the producer thread', () => {
  it('sends a batch from its own thread, says which topics it created, and starts again after close', async () => {
    const topic = `${freshPrefix()}.thread.v1`;
    const { logger, lines } = capturingLogger();
    const client = new ProducerThreadClient({ brokers: [TEST_BROKER], topics: [topic], partitions: 2 }, logger);
    try {
      await client.send([{ topic, messages: [{ key: 'order-1', value: '{"n":1}', headers: { 'event-id': 'e-1' } }] }]);
      await client.close();
      await client.send([{ topic, messages: [{ key: 'order-1', value: '{"n":2}', headers: { 'event-id': 'e-2' } }] }]);
    } finally {
      await client.close();
    }
    expect(await valuesOn(topic)).toEqual(['{"n":1}', '{"n":2}']);
    const ready = lines().filter(({ msg }) => msg === 'kafka bridge topics ready');
    expect(ready).toHaveLength(2);
    expect(ready.every(({ bridge }) => bridge === 'under-test')).toBe(true);
  });

  it('reports a message the broker refuses as too large as such, across threads', async () => {
    const topic = `${freshPrefix()}.thread.v1`;
    const client = new ProducerThreadClient({ brokers: [TEST_BROKER], topics: [topic], partitions: 1 }, pino({ level: 'silent' }));
    try {
      const refused = await client.send([{ topic, messages: [{ key: 'k', value: 'x'.repeat(2 * 1024 * 1024) }] }]).catch((error: unknown) => error);
      expect(isMessageTooLarge(refused)).toBe(true);
      await client.send([{ topic, messages: [{ key: 'k', value: 'small' }] }]);
    } finally {
      await client.close();
    }
    expect(await valuesOn(topic)).toEqual(['small']);
  });

  it('fails a send when no broker answers, with kafkajs’s own log lines in the bridge’s logger', async () => {
    const { logger, lines } = capturingLogger();
    const client = new ProducerThreadClient({ brokers: [`127.0.0.1:${String(await freePort())}`], topics: ['nowhere.v1'], partitions: 1 }, logger);
    try {
      const failed = await client.send([{ topic: 'nowhere.v1', messages: [{ key: 'k', value: 'v' }] }]).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(Error);
      expect(isMessageTooLarge(failed)).toBe(false);
    } finally {
      await client.close();
    }
    const kafkajsErrors = lines().filter(({ component, level }) => component === 'kafkajs' && level >= 50);
    expect(kafkajsErrors.length).toBeGreaterThan(0);
    expect(kafkajsErrors.every(({ bridge }) => bridge === 'under-test')).toBe(true);
  }, 30_000);
});
