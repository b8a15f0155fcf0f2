import { z } from 'zod';

/** Free-form product attributes (colour, weight, waterproof, …): named scalar values. */
export const AttributesSchema = z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]));
export type Attributes = Readonly<z.infer<typeof AttributesSchema>>;

/** Why these attributes cannot be recorded, if they cannot. */
export function attributesProblem(attributes: Attributes): string | undefined {
  for (const [name, value] of Object.entries(attributes)) {
    if (name.trim() === '') return 'an attribute needs a name';
    // NaN and Infinity do not survive JSON, so they would not survive the event store either.
    if (typeof value === 'number' && !Number.isFinite(value)) return `attribute "${name}" is not a finite number`;
  }
  return undefined;
}

export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}
