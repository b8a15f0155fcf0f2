import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { incompatibleChanges } from '../../projections/kafka-bridge/asyncapi/compatibility.js';
import { jsonSchemaOf } from '../../projections/kafka-bridge/asyncapi/published-schema.js';

const line = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
const recorded = z.object({
  orderId: z.uuid(),
  status: z.enum(['pending', 'confirmed', 'cancelled']),
  description: z.string(),
  note: z.string().optional(),
  lines: z.array(line),
  address: z.object({ city: z.string(), country: z.string().regex(/^[A-Z]{2}$/) }),
  phone: z.string().nullable(),
  payment: z.union([z.object({ card: z.string() }), z.object({ iban: z.string() })]),
  method: z.literal('card'),
});
const { shape } = recorded;

function changesTo(current: z.ZodType): ReturnType<typeof incompatibleChanges> {
  return incompatibleChanges(jsonSchemaOf(recorded), jsonSchemaOf(current));
}

describe('schema compatibility', () => {
  it('accepts the same schema, and other titles and descriptions', () => {
    expect(changesTo(recorded)).toEqual([]);
    expect(changesTo(recorded.describe('an order').extend({ orderId: shape.orderId.describe('the order'), status: shape.status.meta({ title: 'Status' }) }))).toEqual([]);
  });

  it('accepts new optional properties at any depth', () => {
    const current = recorded.extend({
      giftWrap: z.boolean().optional(),
      lines: z.array(line.extend({ discount: z.number().optional() })),
      address: shape.address.extend({ region: z.string().optional() }),
    });
    expect(changesTo(current)).toEqual([]);
  });

  it('refuses a removed property, even one called description', () => {
    expect(changesTo(recorded.omit({ description: true }))).toEqual([{ path: '$.description', change: 'property removed' }]);
    expect(changesTo(recorded.extend({ address: z.object({ city: z.string() }) }))).toEqual([{ path: '$.address.country', change: 'property removed' }]);
  });

  it('refuses a new required property, in array items too', () => {
    expect(changesTo(recorded.extend({ currency: z.string() }))).toEqual([{ path: '$.currency', change: 'new required property' }]);
    expect(changesTo(recorded.extend({ lines: z.array(line.extend({ unit: z.string() })) }))).toEqual([{ path: '$.lines[*].unit', change: 'new required property' }]);
  });

  it('refuses a property turning required or optional', () => {
    expect(changesTo(recorded.extend({ note: z.string() }))).toEqual([{ path: '$.note', change: 'optional property became required' }]);
    expect(changesTo(recorded.extend({ orderId: shape.orderId.optional() }))).toEqual([{ path: '$.orderId', change: 'required property became optional' }]);
  });

  it('refuses a narrowed or widened enum and a changed const', () => {
    expect(changesTo(recorded.extend({ status: z.enum(['pending', 'confirmed']) }))).toEqual([
      { path: '$.status', change: 'enum changed from ["pending","confirmed","cancelled"] to ["pending","confirmed"]' },
    ]);
    expect(changesTo(recorded.extend({ status: z.enum(['pending', 'confirmed', 'cancelled', 'lost']) }))).toHaveLength(1);
    expect(changesTo(recorded.extend({ method: z.literal('invoice') }))).toEqual([{ path: '$.method', change: 'const changed from "card" to "invoice"' }]);
  });

  it('refuses a changed type', () => {
    expect(changesTo(recorded.extend({ description: z.number() }))).toEqual([{ path: '$.description', change: 'type changed from "string" to "number"' }]);
    expect(changesTo(recorded.extend({ lines: z.array(line.extend({ quantity: z.number().positive() })) }))).toEqual([
      { path: '$.lines[*].quantity', change: 'type changed from "integer" to "number"' },
      { path: '$.lines[*].quantity', change: 'maximum removed (was 9007199254740991)' },
    ]);
  });

  it('refuses format, pattern, length and range changes', () => {
    expect(changesTo(recorded.extend({ orderId: z.string() })).map(({ change }) => change.split(' ')[0])).toEqual(['format', 'pattern']);
    expect(changesTo(recorded.extend({ address: shape.address.extend({ country: z.string().regex(/^[A-Z]{3}$/) }) }))).toEqual([
      { path: '$.address.country', change: 'pattern changed from "^[A-Z]{2}$" to "^[A-Z]{3}$"' },
    ]);
    expect(changesTo(recorded.extend({ lines: z.array(line.extend({ sku: z.string() })) }))).toEqual([{ path: '$.lines[*].sku', change: 'minLength removed (was 1)' }]);
    expect(changesTo(recorded.extend({ lines: z.array(line).min(1) }))).toEqual([{ path: '$.lines', change: 'minItems added: 1' }]);
  });

  it('refuses a changed union', () => {
    expect(changesTo(recorded.extend({ phone: z.string() }))).toEqual([{ path: '$.phone', change: 'type changed from ["string","null"] to "string"' }]);
    const [card, iban] = shape.payment.options;
    expect(changesTo(recorded.extend({ payment: z.union([card, iban, z.object({ voucher: z.string() })]) }))).toEqual([{ path: '$.payment', change: expect.stringMatching(/^anyOf changed from \[.*\] to \[.*voucher.*\]$/) as unknown }]);
    expect(changesTo(recorded.extend({ payment: card }))).toEqual([
      { path: '$.payment.card', change: 'new required property' },
      { path: '$.payment', change: expect.stringMatching(/^anyOf removed/) as unknown },
      { path: '$.payment', change: 'type added: "object"' },
    ]);
    expect(changesTo(recorded.extend({ payment: z.union([card, z.object({ iban: z.string().min(15) })]) }))).toEqual([{ path: '$.payment (anyOf[1]).iban', change: 'minLength added: 15' }]);
  });
});
