import { isJsonSchema, type Json, type JsonSchema } from './published-schema.js';

/** One change a subscriber of the recorded schema may not cope with: where (a JSON path into the data) and what. */
export interface SchemaChange {
  readonly path: string;
  readonly change: string;
}

/** Words for people, not rules for data: they may change freely. */
const ANNOTATIONS = new Set(['title', 'description']);
/** Keywords whose value is one schema, and where it sits in the data. */
const SUBSCHEMAS: Readonly<Record<string, (path: string) => string>> = {
  items: (path) => `${path}[*]`,
  additionalProperties: (path) => `${path}.*`,
  propertyNames: (path) => `${path} (property names)`,
  not: (path) => `${path} (not)`,
  contains: (path) => `${path} (contains)`,
};
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (isJsonSchema(a) || isJsonSchema(b)) {
    if (!isJsonSchema(a) || !isJsonSchema(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return a === b;
}

const shown = (value: Json | undefined): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function requiredOf(schema: JsonSchema): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string') : []);
}

/** Properties and `required` together: only a new optional property is a compatible change. */
function propertyChanges(recorded: JsonSchema, current: JsonSchema, path: string): SchemaChange[] {
  const before = isJsonSchema(recorded.properties) ? recorded.properties : {};
  const after = isJsonSchema(current.properties) ? current.properties : {};
  const wasRequired = requiredOf(recorded);
  const isRequired = requiredOf(current);
  const changes: SchemaChange[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after), ...wasRequired, ...isRequired])) {
    const at = `${path}.${name}`;
    const old = before[name];
    const now = after[name];
    if (old !== undefined && now === undefined) changes.push({ path: at, change: 'property removed' });
    else if (old === undefined && now !== undefined) {
      if (isRequired.has(name)) changes.push({ path: at, change: 'new required property' });
    } else {
      if (isJsonSchema(old) && isJsonSchema(now)) changes.push(...incompatibleChanges(old, now, at));
      else if (!sameJson(old, now)) changes.push({ path: at, change: `schema changed from ${shown(old)} to ${shown(now)}` });
      if (wasRequired.has(name) && !isRequired.has(name)) changes.push({ path: at, change: 'required property became optional' });
      if (!wasRequired.has(name) && isRequired.has(name)) changes.push({ path: at, change: 'optional property became required' });
    }
  }
  return changes;
}

function keywordChanges(keyword: string, old: Json | undefined, now: Json | undefined, path: string): SchemaChange[] {
  const subschemaPath = SUBSCHEMAS[keyword];
  if (subschemaPath !== undefined && isJsonSchema(old) && isJsonSchema(now)) return incompatibleChanges(old, now, subschemaPath(path));
  if (SCHEMA_LISTS.has(keyword) && Array.isArray(old) && Array.isArray(now) && old.length === now.length) {
    return old.flatMap((alternative, index) => {
      const counterpart = now[index];
      return isJsonSchema(alternative) && isJsonSchema(counterpart)
        ? incompatibleChanges(alternative, counterpart, `${path} (${keyword}[${index}])`)
        : keywordChanges(`${keyword}[${index}]`, alternative, counterpart, path);
    });
  }
  if (sameJson(old, now)) return [];
  if (old === undefined) return [{ path, change: `${keyword} added: ${shown(now)}` }];
  if (now === undefined) return [{ path, change: `${keyword} removed (was ${shown(old)})` }];
  return [{ path, change: `${keyword} changed from ${shown(old)} to ${shown(now)}` }];
}

/**
 * What changed incompatibly from the recorded JSON Schema to the current one. Compatible means the
 * same once titles and descriptions are set aside, except for new optional object properties at any
 * depth; anything else (a property removed or retyped, optional ↔ required, enum, const, format,
 * pattern, length or range changed, a union changed) is listed. Empty when compatible.
 */
export function incompatibleChanges(recorded: JsonSchema, current: JsonSchema, path = '$'): SchemaChange[] {
  const keywords = new Set([...Object.keys(recorded), ...Object.keys(current)]);
  const changes = keywords.has('properties') || keywords.has('required') ? propertyChanges(recorded, current, path) : [];
  for (const keyword of keywords) {
    if (ANNOTATIONS.has(keyword) || keyword === 'properties' || keyword === 'required') continue;
    changes.push(...keywordChanges(keyword, recorded[keyword], current[keyword], path));
  }
  return changes;
}
