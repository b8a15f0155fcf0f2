import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { Environment } from '../environment.js';
import { queryRows } from '../sql.js';
import { examples, type InvariantResult, checked } from './result.js';

const run = promisify(execFile);
const MetadataSchema = z.object({ topics: z.array(z.object({ topic: z.string() })) });
const KcatLineSchema = z.object({ topic: z.string(), payload: z.string().nullable() });
const PayloadSchema = z.object({ eventId: z.string() });
const EventIdSchema = z.object({ event_id: z.string() });

async function topics(env: Environment): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', env.kafkaBroker, '-L', '-J'], { maxBuffer: 64 * 1024 * 1024 });
  return MetadataSchema.parse(JSON.parse(stdout))
    .topics.map((t) => t.topic)
    .filter((name) => name.startsWith(`${env.topicPrefix}.`));
}

async function eventIdsOn(env: Environment, topic: string): Promise<string[]> {
  const { stdout } = await run('kcat', ['-b', env.kafkaBroker, '-C', '-t', topic, '-e', '-q', '-J'], { maxBuffer: 1024 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => PayloadSchema.parse(JSON.parse(KcatLineSchema.parse(JSON.parse(line)).payload ?? '{}')).eventId);
}

/** Every event of the store is on the bridge's topics (read with kcat), and nothing else is; repeats (at least once) are counted. */
export function checkEveryEventOnKafka(env: Environment): Promise<InvariantResult> {
  return checked('every event is on Kafka', async () => {
    const stored = new Set((await queryRows(env.eventStoreUrl, EventIdSchema, 'SELECT event_id::text FROM es_events')).map((row) => row.event_id));
    const seen = new Map<string, number>();
    const names = await topics(env);
    let deadLetters = 0;
    for (const topic of names) {
      if (topic.endsWith('.dead-letter.v1')) {
        const { stdout } = await run('kcat', ['-b', env.kafkaBroker, '-C', '-t', topic, '-e', '-q', '-f', '%o\n']);
        deadLetters = stdout.split('\n').filter((l) => l !== '').length;
        continue;
      }
      for (const id of await eventIdsOn(env, topic)) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    const missing = [...stored].filter((id) => !seen.has(id));
    const unknown = [...seen.keys()].filter((id) => !stored.has(id));
    const repeats = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    return {
      pass: missing.length === 0 && unknown.length === 0 && deadLetters === 0,
      detail: `${stored.size} events stored, ${seen.size} distinct on ${names.length} topics (${repeats} repeated deliveries); missing: ${missing.length}${examples(missing)}; not in the store: ${unknown.length}${examples(unknown)}; dead letters: ${deadLetters}`,
    };
  });
}
