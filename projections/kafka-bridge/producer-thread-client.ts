import { Worker } from 'node:worker_threads';
import type { TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { writeKafkaLog } from './kafka-logging.js';
import { ProducerReplySchema, type ProducerRequest, type ProducerThreadData } from './producer-thread-protocol.js';

/** A send the producer thread reported as failed; `type` as kafkajs names a message refused as too large. */
export class KafkaSendError extends Error {
  readonly type: string | undefined;

  constructor(name: string, message: string, tooLarge: boolean) {
    super(`${name}: ${message}`);
    this.name = 'KafkaSendError';
    this.type = tooLarge ? 'MESSAGE_TOO_LARGE' : undefined;
  }
}

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Starts the producer thread: from the compiled JavaScript as it is, from TypeScript sources through tsx. */
function startThread(data: ProducerThreadData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./producer-thread.js', import.meta.url), { workerData: data });
  const entry = new URL('./producer-thread.ts', import.meta.url);
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true, workerData: data });
}

/**
 * The bridge's handle on its producer thread: sends a batch there and resolves when Kafka acked it.
 * The thread starts on the first send; if it dies, what it had pending fails and the next send starts
 * another.
 */
export class ProducerThreadClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly data: ProducerThreadData,
    private readonly logger: Logger,
  ) {}

  /** Starts the thread and connects it to Kafka; a failure here is the next send's to report. */
  connect(): Promise<void> {
    return this.request((id) => ({ kind: 'connect', id }));
  }

  send(topicMessages: TopicMessages[]): Promise<void> {
    return this.request((id) => ({ kind: 'send', id, topicMessages }));
  }

  /** Disconnects the producer and ends the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    await this.request((id) => ({ kind: 'close', id })).catch(() => undefined);
    this.worker = undefined;
    await worker.terminate();
  }

  private request(make: (id: number) => ProducerRequest): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(make(id));
    });
  }

  private start(): Worker {
    const worker = startThread(this.data);
    const kafkaLog = this.logger.child({ component: 'kafkajs' });
    worker.on('message', (message: unknown) => {
      const reply = ProducerReplySchema.parse(message);
      if (reply.kind === 'log') return writeKafkaLog(kafkaLog, reply.line);
      if (reply.kind === 'topics-ready') return this.logger.info({ created: reply.created, partitions: this.data.partitions }, 'kafka bridge topics ready');
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.kind === 'done') pending?.resolve();
      else pending?.reject(new KafkaSendError(reply.failure.name, reply.failure.message, reply.failure.tooLarge));
    });
    const ended = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', ended);
    worker.on('exit', (code) => ended(new Error(`the Kafka producer thread ended (exit code ${String(code)})`)));
    this.worker = worker;
    return worker;
  }
}
