import { z } from 'zod';
import type { AnyEventDefinition } from '../../../domain/shared/event-catalogue.js';

/** A JSON Schema as plain JSON: what the AsyncAPI document carries and the snapshot records. */
export const JsonSchemaSchema = z.record(z.string(), z.json());
export type JsonSchema = z.infer<typeof JsonSchemaSchema>;
export type Json = JsonSchema[string];

export function isJsonSchema(value: Json | undefined): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object schema's properties; throws when it has none (a caller's path that goes nowhere). */
export function propertiesOf(schema: JsonSchema, where: string): JsonSchema {
  if (!isJsonSchema(schema.properties)) throw new Error(`${where} is not an object with properties`);
  return schema.properties;
}

/**
 * JSON Schema draft-07 (what AsyncAPI's schema format extends). Objects do not forbid unknown
 * properties: a compatible change adds optional ones within the same schema version, so
 * subscribers must accept them.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const converted = JsonSchemaSchema.parse(
    z.toJSONSchema(schema, {
      target: 'draft-07',
      unrepresentable: 'throw',
      override: ({ jsonSchema }) => {
        if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    }),
  );
  // Embedded in the AsyncAPI document, whose schema format says the draft already.
  delete converted.$schema;
  return converted;
}

function withoutProperty(schema: JsonSchema, [field, ...rest]: readonly string[], path: string): JsonSchema {
  const properties = isJsonSchema(schema.properties) ? schema.properties : {};
  const nested = field === undefined ? undefined : properties[field];
  if (field === undefined || nested === undefined) throw new Error(`the withheld field ${path} is not in the event's data (paths go through nested objects only)`);
  if (rest.length > 0) return { ...schema, properties: { ...properties, [field]: withoutProperty(isJsonSchema(nested) ? nested : {}, rest, path) } };
  const { required, ...others } = schema;
  const stillRequired = Array.isArray(required) ? required.filter((name) => name !== field) : [];
  const kept = Object.fromEntries(Object.entries(properties).filter(([name]) => name !== field));
  return { ...others, properties: kept, ...(stillRequired.length > 0 ? { required: stillRequired } : {}) };
}

/** JSON Schema of the data outside subscribers get: the stored data without its withheld fields. */
export function publishedDataSchema(definition: AnyEventDefinition): JsonSchema {
  return definition.withheld.reduce((schema, path) => withoutProperty(schema, path.split('.'), path), jsonSchemaOf(definition.schema));
}
