import type { z } from 'zod';
import type { DomainEvent } from './decider.js';

/**
 * One event type as it is stored: its current schema version and the zod schema of its data.
 * Events read back are checked against it (upcasting older versions first, once there are any).
 */
export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: Schema;
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(type: Type, schema: Schema, schemaVersion = 1): EventDefinition<Type, Schema> {
  return { type, schemaVersion, schema };
}

/** The domain event a definition describes; over a union of definitions, the union of their events. */
export type EventOf<Definition> = Definition extends EventDefinition<infer Type, infer Schema> ? DomainEvent<Type, z.infer<Schema>> : never;
