import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { z } from 'zod';
import { BridgedEventSchema, HEADER } from '../../../projections/kafka-bridge/messages.js';
import { TEST_BROKER } from './broker.js';

const run = promisify(execFile);

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: z.infer<typeof BridgedEventSchema>;
}

const KcatLineSchema = z.object({
  topic: z.string(),
  partition: z.number(),
  key: z.string(),
  payload: z.string(),
  headers: z.array(z.string()).optional(),
});

function parsed(topic: string, partition: number, key: string, headers: Record<string, string>, payload: string): ReadMessage {
  return { topic, partition, key, headers, value: BridgedEventSchema.parse(JSON.parse(payload)) };
}

/** Every message of a topic, read with kcat (`-J`: one JSON object a message; headers as a flat [name, value, …] list). */
export async function readWithKcat(topic: string, broker = TEST_BROKER): Promise<ReadMessage[]> {
  const { stdout } = await run('kcat', ['-b', broker, '-C', '-t', topic, '-e', '-q', '-J'], { maxBuffer: 512 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const message = KcatLineSchema.parse(JSON.parse(line));
      const flat = message.headers ?? [];
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i] ?? ''] = flat[i + 1] ?? '';
      return parsed(message.topic, message.partition, message.key, headers, message.payload);
    });
}

/** Consumes the topics from the beginning with a kafkajs consumer (a fresh group) until `count` messages arrived. */
export async function readWithKafkajs(topics: readonly string[], count: number, timeoutMs = 60_000): Promise<ReadMessage[]> {
  const kafka = new kafkajs.Kafka({ clientId: 'kafka-bridge-test', brokers: [TEST_BROKER], logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-${randomUUID()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${String(messages.length)} of ${String(count)} messages within ${String(timeoutMs)} ms`));
      }, timeoutMs);
      consumer
        .run({
          eachMessage: ({ topic, partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            messages.push(parsed(topic, partition, String(message.key), headers, String(message.value)));
            if (messages.length >= count) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export const REQUIRED_HEADERS = [HEADER.eventId, HEADER.eventType, HEADER.schemaVersion, HEADER.correlationId, HEADER.causationId, HEADER.contentType];
