import { expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';
import { describeApi } from '../support/api.js';
import { call } from '../support/http.js';

/** Just what these tests read of the AsyncAPI document. */
const DocumentSchema = z.object({
  asyncapi: z.string(),
  channels: z.record(z.string(), z.object({ address: z.string() })),
  components: z.object({ messages: z.record(z.string(), z.unknown()) }),
});
const ObjectSchema = z.object({ properties: z.record(z.string(), z.unknown()) });
const EventMessageSchema = z.object({ payload: z.object({ properties: z.object({ data: ObjectSchema }) }) });

const publishedData = (message: unknown) => EventMessageSchema.parse(message).payload.properties.data.properties;

describeApi('the event docs', (api) => {
  it('serves the AsyncAPI document at /docs/events as JSON, secrets withheld', async () => {
    const response = await call(api().app, 'GET', '/docs/events');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = DocumentSchema.parse(response.json());
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.values(document.channels).map(({ address }) => address).sort()).toEqual(new BridgeTopics('{prefix}').all().sort());

    const paymentMethod = ObjectSchema.parse(publishedData(document.components.messages.OrderPlaced).paymentMethod).properties;
    expect(paymentMethod).toHaveProperty('method');
    expect(paymentMethod).not.toHaveProperty('token');
    const userRegistered = publishedData(document.components.messages.UserRegistered);
    expect(userRegistered).toHaveProperty('email');
    expect(userRegistered).not.toHaveProperty('passwordHash');
  });

  it('keeps the OpenAPI UI at /docs and lists /docs/events among the operations routes', async () => {
    expect((await call(api().app, 'GET', '/docs')).statusCode).toBeLessThan(400);
    const openApi = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, { get?: { tags?: string[] } }> }>();
    expect(openApi.paths['/docs/events']?.get?.tags).toEqual(['operations']);
  });
});
