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

/** Whose personal data an event holds, and where: the fields encrypted with that person's key (crypto-shredding). */
export interface PersonalData<Path extends string = string> {
  /** The field naming the person (a user id): whose key encrypts the fields. */
  readonly subject: Path;
  /** String fields that identify the person (email, name, address, phone); each must accept `ERASED` (see `personal`). */
  readonly fields: readonly Path[];
}

/** Turns an event's data of one version into the next version's. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>;

export interface EventOptions<Data> {
  /** Fields that stay inside ShopVerse (secrets such as hashes and tokens): never published to outside subscribers. */
  readonly withheld?: readonly DataPath<Data>[];
  readonly personal?: PersonalData<DataPath<Data>>;
  /** By the version they upcast from: each older version's data into the next one's, so that events of any version read as the current one. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * One event type as it is stored: its current schema version and the zod schema of its data.
 * Events read back are upcast from older versions first, then checked against it.
 */
export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: Schema;
  /** Dotted paths of the data fields withheld from outside subscribers. */
  readonly withheld: readonly string[];
  /** Dotted paths of the person the event is about and of their personal fields; undefined when it holds none. */
  readonly personal: PersonalData | undefined;
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

export type AnyEventDefinition = EventDefinition<string, z.ZodType>;

export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  schemaVersion = 1,
  options: EventOptions<z.output<Schema>> = {},
): EventDefinition<Type, Schema> {
  return { type, schemaVersion, schema, withheld: options.withheld ?? [], personal: options.personal, upcasters: options.upcasters ?? {} };
}

/** The domain event a definition describes; over a union of definitions, the union of their events. */
export type EventOf<Definition> = Definition extends EventDefinition<infer Type, infer Schema> ? DomainEvent<Type, z.infer<Schema>> : never;
