/**
 * Values written into ClickHouse SQL text. ClickHouse 18.16 has no `{name:Type}` query parameters, so
 * every value that enters a statement goes through one of these (after zod has checked it): nothing is
 * concatenated raw.
 */

/** Backslash escapes, as ClickHouse reads them inside single quotes. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A string literal: `'…'`, with quotes, backslashes and control characters escaped. */
export function sqlString(value: string): string {
  return `'${value.replace(/[\\'\0\b\f\n\r\t]/g, (character) => ESCAPES[character] ?? character)}'`;
}

/** A parenthesised list of string literals, for `IN (…)` (which needs at least one). */
export function sqlStrings(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('an IN list needs at least one value');
  return `(${values.map(sqlString).join(', ')})`;
}

/** An integer literal; anything else (fractions, NaN, unsafe numbers) is refused. */
export function sqlInteger(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return value.toString();
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A database or table name: letters, digits and underscores only (refused otherwise), quoted in backticks. */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`not a plain identifier (letters, digits, _; at most 64): ${JSON.stringify(name)}`);
  return `\`${name}\``;
}
