import { describe, expect, it } from 'vitest';
import { allEventDefinitions } from '../../domain/event-catalogue.js';
import { isJsonSchema, propertiesOf, type JsonSchema } from '../../projections/kafka-bridge/asyncapi/published-schema.js';
import { publishedSchemasOf, recordedSnapshot, snapshotProblems, type PublishedSchema } from '../../projections/kafka-bridge/asyncapi/schema-snapshot.js';
import { readSnapshot } from '../../projections/kafka-bridge/asyncapi/snapshot-file.js';

const current = publishedSchemasOf(allEventDefinitions);
const snapshot = await readSnapshot();

function publishedOf(type: string): PublishedSchema {
  const published = current.find((candidate) => candidate.type === type);
  if (published === undefined) throw new Error(`${type} is not in the catalogue`);
  return published;
}

/** The current schemas, with one type's published schema changed as `change` says (the domain's code stays as it is). */
function withChanged(type: string, change: (schema: JsonSchema) => JsonSchema): PublishedSchema[] {
  return current.map((published) => (published.type === type ? { ...published, schema: change(published.schema) } : published));
}

const withProperties = (schema: JsonSchema, properties: (before: JsonSchema) => JsonSchema): JsonSchema => ({ ...schema, properties: properties(propertiesOf(schema, 'the data')) });

describe('published event schemas', () => {
  it('match the checked-in snapshot: every current version recorded, none changed incompatibly', () => {
    expect(snapshotProblems(snapshot, current)).toEqual([]);
  });

  it('are recorded without the withheld fields', () => {
    expect(snapshot.OrderPlaced?.['1']).toMatchObject({ properties: { paymentMethod: { properties: { method: { const: 'card' } }, required: ['method'] } } });
    expect(JSON.stringify(snapshot.OrderPlaced)).not.toContain('token');
    for (const type of ['UserRegistered', 'SessionStarted', 'RefreshTokenRotated', 'PaymentInitiated']) {
      expect(JSON.stringify(snapshot[type]), type).not.toMatch(/passwordHash|refreshTokenHash|"token"/);
    }
  });

  it('catch an incompatible change to a recorded version, naming the type, version, path and change', () => {
    const retyped = withChanged('OrderPlaced', (schema) => withProperties(schema, (properties) => ({ ...properties, placedAt: { type: 'number' } })));
    const problems = snapshotProblems(snapshot, retyped);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^OrderPlaced v1 at \$\.placedAt: type changed from "string" to "number"\. .*new schemaVersion/);
    expect(problems.join('\n')).toMatch(/OrderPlaced v1 at \$\.placedAt: format removed \(was "date-time"\)/);

    const nested = withChanged('OrderPlaced', (schema) =>
      withProperties(schema, (properties) => {
        const total = properties.total;
        if (!isJsonSchema(total)) throw new Error('OrderPlaced has a total');
        return { ...properties, total: withProperties(total, (money) => ({ ...money, currency: { type: 'string' } })) };
      }),
    );
    expect(snapshotProblems(snapshot, nested)).toEqual([expect.stringMatching(/^OrderPlaced v1 at \$\.total\.currency: pattern removed/)]);

    const removed = withChanged('UserRegistered', (schema) => withProperties(schema, (properties) => Object.fromEntries(Object.entries(properties).filter(([name]) => name !== 'name'))));
    expect(snapshotProblems(snapshot, removed)).toEqual([expect.stringMatching(/^UserRegistered v2 at \$\.name: property removed\. .*publish the change as a new schemaVersion/)]);
  });

  it('accept a new optional property within a version, and record it as that version\'s schema', () => {
    const added = withChanged('OrderPlaced', (schema) => withProperties(schema, (properties) => ({ ...properties, giftMessage: { type: 'string' } })));
    expect(snapshotProblems(snapshot, added)).toEqual([]);
    const { snapshot: updated, refused } = recordedSnapshot(snapshot, added);
    expect(refused).toEqual([]);
    expect(updated.OrderPlaced?.['1']).toMatchObject({ properties: { giftMessage: { type: 'string' } } });
  });

  it('ask for a version missing from the snapshot to be recorded, and keep older versions as history', () => {
    const placed = publishedOf('OrderPlaced');
    const second = current.map((published) => (published === placed ? { ...placed, version: 2 } : published));
    expect(snapshotProblems(snapshot, second)).toEqual(['OrderPlaced v2 is not in the snapshot: record it with npm run asyncapi -- --update-snapshot']);
    const { snapshot: updated, refused } = recordedSnapshot(snapshot, second);
    expect(refused).toEqual([]);
    expect(Object.keys(updated.OrderPlaced ?? {})).toEqual(['1', '2']);
    expect(snapshotProblems(updated, second)).toEqual([]);
  });

  it('fail for a recorded type the catalogue no longer has', () => {
    const withoutReviewApproved = current.filter(({ type }) => type !== 'ReviewApproved');
    expect(snapshotProblems(snapshot, withoutReviewApproved)).toEqual([expect.stringMatching(/^ReviewApproved is in the snapshot but no longer in the event catalogue/)]);
  });

  it('refuse to record an incompatible change over a recorded version', () => {
    const narrowed = withChanged('OrderCancelled', (schema) => withProperties(schema, (properties) => ({ ...properties, reason: { type: 'string', enum: ['customer'] } })));
    const { snapshot: updated, refused } = recordedSnapshot(snapshot, narrowed);
    expect(refused).toEqual([expect.stringMatching(/^OrderCancelled v1 at \$\.reason: enum changed from \["payment_declined","payment_timeout","customer","admin"\] to \["customer"\]/)]);
    expect(updated.OrderCancelled).toEqual(snapshot.OrderCancelled);
  });
});
