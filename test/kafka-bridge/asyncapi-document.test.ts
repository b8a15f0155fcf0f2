import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allEventDefinitions } from '../../domain/event-catalogue.js';
import { defineEvent } from '../../domain/shared/event-catalogue.js';
import { eventsAsyncApiDocument } from '../../projections/kafka-bridge/asyncapi/document.js';
import { publishedDataSchema } from '../../projections/kafka-bridge/asyncapi/published-schema.js';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';

const document = eventsAsyncApiDocument();

/** Follows a local `$ref` (`#/a/b`) through the document. */
function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), document);
}

describe('the AsyncAPI document of the bridged events', () => {
  it('has a channel per topic the bridge writes to, its address keeping the prefix as a parameter', () => {
    const channels = Object.values(document.channels);
    expect(channels.map((channel) => channel.address).sort()).toEqual(new BridgeTopics('{prefix}').all().sort());
    for (const channel of channels) expect(channel.parameters.prefix.default).toBe('shopverse');
  });

  it('has a message for every event type, on its context\'s channel, and the dead letter', () => {
    expect(Object.keys(document.components.messages).sort()).toEqual([...allEventDefinitions.map(({ type }) => type), 'DeadLetter', 'UncataloguedEvent'].sort());
    expect(Object.keys(document.channels.ordering?.messages ?? {})).toContain('OrderPlaced');
    expect(document.channels['dead-letter']?.messages).toEqual({ DeadLetter: { $ref: '#/components/messages/DeadLetter' } });
    expect(document.components.messages.DeadLetter?.headers).toMatchObject({ required: expect.arrayContaining(['dead-letter-reason', 'original-topic']) as unknown });
  });

  it('sends on every channel, every reference pointing into the document', () => {
    const operations = Object.values(document.operations);
    expect(operations).toHaveLength(Object.keys(document.channels).length);
    for (const operation of operations) {
      expect(operation.action).toBe('send');
      expect(resolve(operation.channel.$ref)).toBeDefined();
      for (const message of operation.messages) expect(resolve(message.$ref)).toBeDefined();
    }
    for (const channel of Object.values(document.channels)) for (const message of Object.values(channel.messages)) expect(resolve(message.$ref)).toBeDefined();
  });

  it('describes each message: the envelope with its fixed type and schema version, the published data, headers and key', () => {
    const placed = document.components.messages.OrderPlaced;
    expect(placed).toMatchObject({
      name: 'OrderPlaced',
      title: 'Order placed',
      contentType: 'application/json',
      headers: { properties: { 'event-type': { const: 'OrderPlaced' }, 'schema-version': { const: '1' } } },
      payload: { properties: { type: { const: 'OrderPlaced' }, schemaVersion: { const: 1 }, data: { properties: { paymentMethod: { properties: { method: { const: 'card' } } } } } } },
      bindings: { kafka: { key: { type: 'string' } } },
    });
    expect(JSON.stringify(placed?.payload)).not.toContain('"token"');
    expect(JSON.stringify(document.components.messages.UserRegistered?.payload)).not.toContain('passwordHash');
  });

  it('leaves withheld fields out of the published data schema, and refuses a withheld field it cannot find', () => {
    const schema = z.object({ card: z.object({ brand: z.string(), token: z.string() }), wallet: z.object({ key: z.string() }).nullable() });
    expect(publishedDataSchema(defineEvent('CardAdded', schema, 1, { withheld: ['card.token'] }))).toMatchObject({ properties: { card: { properties: { brand: {} }, required: ['brand'] } } });
    expect(publishedDataSchema(defineEvent('CardAdded', schema, 1, { withheld: ['card'] })).required).toEqual(['wallet']);
    // defineEvent's types refuse this path (a nullable object is a union in JSON Schema); the schema refuses it too.
    expect(() => publishedDataSchema({ ...defineEvent('CardAdded', schema), withheld: ['wallet.key'] })).toThrow(/wallet\.key is not in the event's data/);
  });

  it('says how messages are keyed, ordered and de-duplicated', () => {
    expect(document.info.description).toMatch(/stream id/);
    expect(document.info.description).toMatch(/at least once/);
    expect(document.info.description).toMatch(/`eventId`/);
  });
});
