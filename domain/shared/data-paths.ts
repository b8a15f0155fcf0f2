/** Reading and changing event data at dotted paths (`shippingAddress.line1`), copying along the path. */
type Data = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`; undefined when a part of it is missing. */
export function valueAt(data: Data, path: string): unknown {
  let value: unknown = data;
  for (const field of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[field];
  }
  return value;
}

function replacedAt(data: Data, [field, ...rest]: readonly string[], replace: (value: string) => string): Data {
  if (field === undefined || !Object.hasOwn(data, field)) return data;
  const value = data[field];
  if (rest.length === 0) return typeof value === 'string' ? { ...data, [field]: replace(value) } : data;
  return isRecord(value) ? { ...data, [field]: replacedAt(value, rest, replace) } : data;
}

/** The data with each string at one of `paths` replaced (the given data stays as it is); other values and missing fields are left alone. */
export function withStringsReplaced(data: Data, paths: readonly string[], replace: (value: string) => string): Data {
  return paths.reduce((changed, path) => replacedAt(changed, path.split('.'), replace), data);
}

function removedAt(data: Data, [field, ...rest]: readonly string[]): Data {
  if (field === undefined || !Object.hasOwn(data, field)) return data;
  if (rest.length === 0) return Object.fromEntries(Object.entries(data).filter(([name]) => name !== field));
  const nested = data[field];
  return isRecord(nested) ? { ...data, [field]: removedAt(nested, rest) } : data;
}

/** The data without the field at `path` (the given data stays as it is). */
export function withoutFieldAt(data: Data, path: string): Data {
  return removedAt(data, path.split('.'));
}
