import kafkajs from 'kafkajs';
import type { Admin, Kafka, Producer, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { isMessageTooLarge } from './kafka-errors.js';
import { pinoLogCreator } from './kafka-logging.js';
import { deadLetterOf, messageOf } from './messages.js';
import { streamPartitioner } from './stream-partitioner.js';
import type { BridgeTopics } from './topics.js';

const { Kafka: KafkaClient } = kafkajs;

export interface PublisherOptions {
  readonly brokers: readonly string[];
  readonly topics: BridgeTopics;
  readonly partitions: number;
  readonly logger: Logger;
}

/**
 * The bridge's side of Kafka: creates its topics and sends batches with acks from every in-sync
 * replica. The idempotent producer is rebuilt after any failure, since its sequence numbers are
 * no longer trustworthy once a send's outcome is unknown.
 */
export class KafkaPublisher {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private topicsReady = false;

  constructor(private readonly options: PublisherOptions) {
    this.kafka = new KafkaClient({
      clientId: 'shopverse-kafka-bridge',
      brokers: [...options.brokers],
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // The bridge has its own backoff around each batch: fail fast here so status() reflects an outage.
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
      logCreator: pinoLogCreator(options.logger.child({ component: 'kafkajs' })),
    });
  }

  /** Sends the batch in order, or throws; a message refused as too large goes to the dead-letter topic. */
  async publish(batch: readonly RecordedEvent[]): Promise<{ deadLettered: number }> {
    const producer = await this.ready();
    try {
      try {
        await producer.sendBatch({ topicMessages: this.grouped(batch), acks: -1 });
        return { deadLettered: 0 };
      } catch (error) {
        if (!isMessageTooLarge(error)) throw error;
        // Find the refused ones: each alone, in order (what went through already comes again, with the same event id).
        let deadLettered = 0;
        for (const event of batch) if (await this.sentToDeadLetters(producer, event)) deadLettered++;
        return { deadLettered };
      }
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }

  /** Sends one event, or its dead letter when the broker refuses it as too large (then true). */
  private async sentToDeadLetters(producer: Producer, event: RecordedEvent): Promise<boolean> {
    const topic = this.options.topics.forStream(event.streamId);
    try {
      await producer.send({ topic, messages: [messageOf(event)], acks: -1 });
      return false;
    } catch (error) {
      if (!isMessageTooLarge(error)) throw error;
      const reason = `MESSAGE_TOO_LARGE: the broker refused the event for ${topic}`;
      this.options.logger.error({ eventId: event.eventId, streamId: event.streamId, type: event.type, correlationId: event.metadata.correlationId, topic }, 'event sent to the dead-letter topic');
      await producer.send({ topic: this.options.topics.deadLetter, messages: [deadLetterOf(event, topic, reason)], acks: -1 });
      return true;
    }
  }

  private grouped(batch: readonly RecordedEvent[]): TopicMessages[] {
    const byTopic = new Map<string, TopicMessages>();
    for (const event of batch) {
      const topic = this.options.topics.forStream(event.streamId);
      let entry = byTopic.get(topic);
      if (entry === undefined) {
        entry = { topic, messages: [] };
        byTopic.set(topic, entry);
      }
      entry.messages.push(messageOf(event));
    }
    return [...byTopic.values()];
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
      const missing = this.options.topics.all().filter((topic) => !existing.has(topic));
      if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions })) });
      this.options.logger.info({ created: missing, partitions: this.options.partitions }, 'kafka bridge topics ready');
    } finally {
      await admin.disconnect();
    }
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
