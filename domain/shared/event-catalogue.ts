import type { z } from 'zod';
import type { DomainEvent } from './decider.js';

/**
 * Dotted paths to the fields of event data, through nested objects (optional ones too, but not
 * nullable ones, which are unions in JSON Schema): `passwordHash`, `paymentMethod.token`.
 */
export type DataPath<Data> = [Data] extends [readonly unknown[]]
  ? never
  : [Data] extends [object]
    ? { [Field in keyof Data & string]: Field | `${Field}.${DataPath<Exclude<Data[Field], undefined>>}` }[keyof Data & string]
    : never;

export interface EventOptions<Data> {
  /** Fields that stay inside ShopVerse (secrets such as hashes and tokens): never published to outside subscribers. */
  readonly withheld?: readonly DataPath<Data>[];
}

/**
 * One event type as it is stored: its current schema version and the zod schema of its data.
 * Events read back are checked against it (upcasting older versions first, once there are any).
 */
export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: Schema;
  /** Dotted paths of the data fields withheld from outside subscribers. */
  readonly withheld: readonly string[];
}

export type AnyEventDefinition = EventDefinition<string, z.ZodType>;

export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  schemaVersion = 1,
  options: EventOptions<z.output<Schema>> = {},
): EventDefinition<Type, Schema> {
  return { type, schemaVersion, schema, withheld: options.withheld ?? [] };
}

/** The domain event a definition describes; over a union of definitions, the union of their events. */
export type EventOf<Definition> = Definition extends EventDefinition<infer Type, infer Schema> ? DomainEvent<Type, z.infer<Schema>> : never;
