import { eventCatalogue } from '../../../domain/event-catalogue.js';
import type { AnyEventDefinition } from '../../../domain/shared/event-catalogue.js';
import { BridgeTopics, DEFAULT_TOPIC_PREFIX, OTHER_CONTEXT } from '../topics.js';
import { deadLetterMessage, eventMessage, uncataloguedEventMessage, type AsyncApiMessage } from './event-messages.js';

const DEAD_LETTER_CHANNEL = 'dead-letter';

const DESCRIPTION = [
  'Every event ShopVerse records, published by the Kafka bridge to the topic of its bounded context (`<prefix>.<context>.v1`).',
  'The message key is the stream id, so all events of one stream land in one partition and a consumer reads them in revision order; there is no order across streams (the global `position` gives one).',
  'Delivery is at least once: after a failure an event may come again, with the same event id. De-duplicate by `eventId` (header `event-id`).',
  'Secrets (password and token hashes, payment tokens) are withheld: those fields are left out of `data`.',
  'Within one `schemaVersion` an event only ever gains optional properties, so ignore properties you do not know; any other change comes as a new schema version.',
].join('\n\n');

interface Reference {
  readonly $ref: string;
}

interface Channel {
  readonly address: string;
  readonly title: string;
  readonly parameters: { readonly prefix: { readonly default: string; readonly description: string } };
  readonly messages: Readonly<Record<string, Reference>>;
}

interface Operation {
  readonly action: 'send';
  readonly channel: Reference;
  readonly summary: string;
  readonly messages: readonly Reference[];
}

export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly defaultContentType: 'application/json';
  readonly channels: Readonly<Record<string, Channel>>;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly components: { readonly messages: Readonly<Record<string, AsyncApiMessage>> };
}

/** One topic's channel and the bridge's operation on it. */
interface Topic {
  readonly channelId: string;
  readonly address: string;
  readonly title: string;
  readonly messages: readonly AsyncApiMessage[];
}

function topicsOfDocument(): Topic[] {
  // Addresses keep the prefix as a channel parameter: `{prefix}.ordering.v1`.
  const topics = new BridgeTopics('{prefix}');
  const contextTopic = (context: string, definitions: readonly AnyEventDefinition[]): Topic => ({
    channelId: context,
    address: topics.forContext(context),
    title: `The ${context} context's events`,
    messages: definitions.map(eventMessage),
  });
  return [
    ...Object.entries(eventCatalogue).map(([context, definitions]) => contextTopic(context, definitions)),
    { channelId: OTHER_CONTEXT, address: topics.forContext(OTHER_CONTEXT), title: 'Events of streams no bounded context owns', messages: [uncataloguedEventMessage] },
    { channelId: DEAD_LETTER_CHANNEL, address: topics.deadLetter, title: 'Events the broker refused', messages: [deadLetterMessage] },
  ];
}

/** The AsyncAPI 3.0 document of what the Kafka bridge publishes, built from the event catalogue's zod schemas. */
export function eventsAsyncApiDocument(): AsyncApiDocument {
  const topics = topicsOfDocument();
  const parameters = { prefix: { default: DEFAULT_TOPIC_PREFIX, description: 'the topic prefix the bridge was configured with' } };
  return {
    asyncapi: '3.0.0',
    info: { title: 'ShopVerse events', version: '1', description: DESCRIPTION },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(
      topics.map((topic) => [
        topic.channelId,
        {
          address: topic.address,
          title: topic.title,
          parameters,
          messages: Object.fromEntries(topic.messages.map(({ name }) => [name, { $ref: `#/components/messages/${name}` }])),
        },
      ]),
    ),
    operations: Object.fromEntries(
      topics.map((topic) => [
        `publish-${topic.channelId}`,
        {
          action: 'send' as const,
          channel: { $ref: `#/channels/${topic.channelId}` },
          summary: `The Kafka bridge publishes to ${topic.address}`,
          messages: topic.messages.map(({ name }) => ({ $ref: `#/channels/${topic.channelId}/messages/${name}` })),
        },
      ]),
    ),
    components: { messages: Object.fromEntries(topics.flatMap((topic) => topic.messages.map((message) => [message.name, message]))) },
  };
}
