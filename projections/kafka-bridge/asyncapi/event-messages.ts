import { z } from 'zod';
import type { AnyEventDefinition } from '../../../domain/shared/event-catalogue.js';
import { BridgedEventSchema, BridgedHeadersSchema, DeadLetterHeadersSchema, DeadLetterSchema, HEADER } from '../messages.js';
import { jsonSchemaOf, propertiesOf, publishedDataSchema, type JsonSchema } from './published-schema.js';

/** An AsyncAPI 3.0 Message Object, as this document fills it in. */
export interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly contentType: 'application/json';
  readonly headers: JsonSchema;
  readonly payload: JsonSchema;
  readonly correlationId: { readonly location: string };
  readonly bindings: { readonly kafka: { readonly key: JsonSchema; readonly bindingVersion: '0.5.0' } };
}

const STREAM_KEY = { type: 'string', description: 'the stream id: every event of a stream goes to the same partition, in revision order' };

function message(name: string, summary: string, headers: z.ZodType, payload: JsonSchema): AsyncApiMessage {
  return {
    name,
    // `OrderPlaced` → `Order placed`
    title: name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/(?<= )[A-Z]/g, (letter) => letter.toLowerCase()),
    summary,
    contentType: 'application/json',
    headers: jsonSchemaOf(headers),
    payload,
    correlationId: { location: `$message.header#/${HEADER.correlationId}` },
    bindings: { kafka: { key: STREAM_KEY, bindingVersion: '0.5.0' } },
  };
}

/** One event type: the envelope, with its schema version fixed and `data` as published (withheld fields left out). */
export function eventMessage(definition: AnyEventDefinition): AsyncApiMessage {
  const version = definition.schemaVersion;
  const envelope = jsonSchemaOf(BridgedEventSchema.extend({ type: z.literal(definition.type), schemaVersion: z.literal(version) }));
  const withheld = definition.withheld.length > 0 ? ` Withheld from data: ${definition.withheld.join(', ')}.` : '';
  return message(
    definition.type,
    `${definition.type}, schema version ${version}.${withheld}`,
    BridgedHeadersSchema.extend({ [HEADER.eventType]: z.literal(definition.type), [HEADER.schemaVersion]: z.literal(String(version)) }),
    { ...envelope, properties: { ...propertiesOf(envelope, 'the envelope'), data: publishedDataSchema(definition) } },
  );
}

/** What the `other` topic carries: events of streams no bounded context owns, published as they are. */
export const uncataloguedEventMessage = message(
  'UncataloguedEvent',
  'An event of a stream no bounded context owns, published as it is stored.',
  BridgedHeadersSchema,
  jsonSchemaOf(BridgedEventSchema),
);

export const deadLetterMessage = message(
  'DeadLetter',
  'An event the broker refused (too large for its topic): the envelope without its data, the size of that data, and why.',
  DeadLetterHeadersSchema,
  jsonSchemaOf(DeadLetterSchema),
);
