import kafkajs from 'kafkajs';
import type { Admin, Kafka, logCreator, Producer, TopicMessages } from 'kafkajs';
import { streamPartitioner } from './stream-partitioner.js';

const { Kafka: KafkaClient } = kafkajs;

export interface ProducerSessionOptions {
  readonly brokers: readonly string[];
  /** Every topic the bridge may write to, created when missing. */
  readonly topics: readonly string[];
  readonly partitions: number;
  readonly logCreator: logCreator;
  /** Where the session says which topics it created. */
  readonly onTopicsReady: (created: readonly string[]) => void;
}

/**
 * The bridge's connection to Kafka: creates its topics and sends batches with acks from every
 * in-sync replica. The idempotent producer is rebuilt after any failure, since its sequence numbers
 * are no longer trustworthy once a send's outcome is unknown.
 */
export class ProducerSession {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private topicsReady = false;

  constructor(private readonly options: ProducerSessionOptions) {
    this.kafka = new KafkaClient({
      clientId: 'shopverse-kafka-bridge',
      brokers: [...options.brokers],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // The bridge has its own backoff around each batch: fail fast here so status() reflects an outage.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
      logCreator: options.logCreator,
    });
  }

  /** Creates the missing topics and connects the producer, unless done already. */
  async connect(): Promise<void> {
    await this.ready();
  }

  /** Sends the messages, each topic's in order, or throws (and the next send starts a new producer). */
  async send(topicMessages: TopicMessages[]): Promise<void> {
    const producer = await this.ready();
    try {
      await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async ready(): Promise<Producer> {
    if (!this.topicsReady) {
      await this.createTopics();
      this.topicsReady = true;
    }
    if (this.producer !== undefined) return this.producer;
    // maxInFlightRequests 1 keeps each partition's order even across retries.
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: streamPartitioner });
    await producer.connect().catch(async (error: unknown) => {
      await producer.disconnect().catch(() => undefined);
      throw error;
    });
    this.producer = producer;
    return producer;
  }

  /** Creates the topics that are missing (asking to create existing ones makes kafkajs log errors). */
  private async createTopics(): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = this.options.topics.filter((topic) => !existing.has(topic));
      if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions })) });
      this.options.onTopicsReady(missing);
    } finally {
      await admin.disconnect();
    }
  }
}
