import type { TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { isMessageTooLarge } from './kafka-errors.js';
import { deadLetterOf, messageOf } from './messages.js';
import { ProducerThreadClient } from './producer-thread-client.js';
import type { BridgeTopics } from './topics.js';

export interface PublisherOptions {
  readonly brokers: readonly string[];
  readonly topics: BridgeTopics;
  readonly partitions: number;
  readonly logger: Logger;
}

/**
 * Turns batches of events into Kafka messages and has the producer thread send them; a message the
 * broker refuses as too large goes to the dead-letter topic instead.
 */
export class KafkaPublisher {
  private readonly producer: ProducerThreadClient;

  constructor(private readonly options: PublisherOptions) {
    this.producer = new ProducerThreadClient({ brokers: options.brokers, topics: options.topics.all(), partitions: options.partitions }, options.logger);
  }

  /**
   * Sends the batch in order, or throws; a message refused as too large goes to the dead-letter topic.
   * `messages` are the batch's, built beforehand by `messagesOf`.
   */
  async publish(batch: readonly RecordedEvent[], messages: TopicMessages[]): Promise<{ deadLettered: number }> {
    try {
      await this.producer.send(messages);
      return { deadLettered: 0 };
    } catch (error) {
      if (!isMessageTooLarge(error)) throw error;
      // Find the refused ones: each alone, in order (what went through already comes again, with the same event id).
      let deadLettered = 0;
      for (const event of batch) if (await this.sentToDeadLetters(event)) deadLettered++;
      return { deadLettered };
    }
  }

  /** Gets the producer thread going (topics, connection), so that the first batch does not wait for it. */
  warmUp(): void {
    this.producer.connect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.producer.close();
  }

  /** Sends one event, or its dead letter when the broker refuses it as too large (then true). */
  private async sentToDeadLetters(event: RecordedEvent): Promise<boolean> {
    const topic = this.options.topics.forStream(event.streamId);
    try {
      await this.producer.send([{ topic, messages: [messageOf(event)] }]);
      return false;
    } catch (error) {
      if (!isMessageTooLarge(error)) throw error;
      const reason = `MESSAGE_TOO_LARGE: the broker refused the event for ${topic}`;
      this.options.logger.error({ eventId: event.eventId, streamId: event.streamId, type: event.type, correlationId: event.metadata.correlationId, topic }, 'event sent to the dead-letter topic');
      await this.producer.send([{ topic: this.options.topics.deadLetter, messages: [deadLetterOf(event, topic, reason)] }]);
      return true;
    }
  }

  /** The batch's messages grouped by topic, each topic's in the batch's order. */
  messagesOf(batch: readonly RecordedEvent[]): TopicMessages[] {
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
}
