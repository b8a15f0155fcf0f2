import { z } from 'zod';
import type { AnyEventDefinition } from '../../../domain/shared/event-catalogue.js';
import { incompatibleChanges } from './compatibility.js';
import { JsonSchemaSchema, publishedDataSchema, type JsonSchema } from './published-schema.js';

export const UPDATE_SNAPSHOT_COMMAND = 'npm run asyncapi -- --update-snapshot';

/** The published JSON Schema of every event type, per schema version: `{ "<Type>": { "<version>": schema } }`. Old versions stay as history. */
export const PublishedSchemasSnapshotSchema = z.record(z.string(), z.record(z.string().regex(/^[1-9]\d*$/), JsonSchemaSchema));
export type PublishedSchemasSnapshot = z.infer<typeof PublishedSchemasSnapshotSchema>;

/** The schema an event type is published with now. */
export interface PublishedSchema {
  readonly type: string;
  readonly version: number;
  readonly schema: JsonSchema;
}

export function publishedSchemasOf(definitions: readonly AnyEventDefinition[]): PublishedSchema[] {
  return definitions.map((definition) => ({ type: definition.type, version: definition.schemaVersion, schema: publishedDataSchema(definition) }));
}

function incompatibilities(recorded: JsonSchema, current: PublishedSchema): string[] {
  return incompatibleChanges(recorded, current.schema).map(
    ({ path, change }) =>
      `${current.type} v${current.version} at ${path}: ${change}. Subscribers of v${current.version} rely on its recorded schema: ` +
      `publish the change as a new schemaVersion (defineEvent's third argument), then record it with ${UPDATE_SNAPSHOT_COMMAND}`,
  );
}

/** Why the current schemas do not match the snapshot; empty when every current version is recorded and compatible. */
export function snapshotProblems(snapshot: PublishedSchemasSnapshot, current: readonly PublishedSchema[]): string[] {
  const currentTypes = new Set(current.map(({ type }) => type));
  const retired = Object.keys(snapshot)
    .filter((type) => !currentTypes.has(type))
    .map((type) => `${type} is in the snapshot but no longer in the event catalogue: subscribers may still rely on it (if retiring it is meant, remove it from the snapshot by hand)`);
  return [
    ...retired,
    ...current.flatMap((published) => {
      const recorded = snapshot[published.type]?.[String(published.version)];
      return recorded === undefined ? [`${published.type} v${published.version} is not in the snapshot: record it with ${UPDATE_SNAPSHOT_COMMAND}`] : incompatibilities(recorded, published);
    }),
  ];
}

/** The snapshot with every current version recorded (sorted), unless one differs incompatibly from its recorded schema: then it is refused. */
export function recordedSnapshot(snapshot: PublishedSchemasSnapshot, current: readonly PublishedSchema[]): { snapshot: PublishedSchemasSnapshot; refused: string[] } {
  const refused: string[] = [];
  const updated: PublishedSchemasSnapshot = structuredClone(snapshot);
  for (const published of current) {
    const recorded = snapshot[published.type]?.[String(published.version)];
    const problems = recorded === undefined ? [] : incompatibilities(recorded, published);
    if (problems.length > 0) refused.push(...problems);
    else updated[published.type] = { ...updated[published.type], [String(published.version)]: published.schema };
  }
  const sorted = Object.fromEntries(
    Object.entries(updated)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, versions]) => [type, Object.fromEntries(Object.entries(versions).sort(([a], [b]) => Number(a) - Number(b)))]),
  );
  return { snapshot: sorted, refused };
}
