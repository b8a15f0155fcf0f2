import type { TopicMessages } from 'kafkajs';
import { z } from 'zod';
import { KafkaLogLineSchema } from './kafka-logging.js';

/** What the producer thread is started with. */
export interface ProducerThreadData {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly partitions: number;
}

/** Asks the producer thread to connect (creating the topics), to send a batch, or to disconnect before it is ended. */
export type ProducerRequest =
  | { readonly kind: 'connect'; readonly id: number }
  | { readonly kind: 'send'; readonly id: number; readonly topicMessages: TopicMessages[] }
  | { readonly kind: 'close'; readonly id: number };

/** A failed send as it crosses threads: `tooLarge` when the broker refused a message as too large. */
export const SendFailureSchema = z.object({ name: z.string(), message: z.string(), tooLarge: z.boolean() });

/** What the producer thread posts back: the outcome of a request, a kafkajs log line, or its topics being ready. */
export const ProducerReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), id: z.number().int() }),
  z.object({ kind: z.literal('failed'), id: z.number().int(), failure: SendFailureSchema }),
  z.object({ kind: z.literal('log'), line: KafkaLogLineSchema }),
  z.object({ kind: z.literal('topics-ready'), created: z.array(z.string()) }),
]);

export type ProducerReply = z.infer<typeof ProducerReplySchema>;
