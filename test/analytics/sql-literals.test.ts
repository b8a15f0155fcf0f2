import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { sqlIdentifier, sqlInteger, sqlString, sqlStrings } from '../../infra/clickhouse/sql-literals.js';
import { freshClickHouseDatabase } from '../support/clickhouse.js';

const HOSTILE = [
  "'; DROP TABLE canary; --",
  "\\'; DROP TABLE canary; --",
  "it's",
  'ends with a backslash\\',
  '\\\\',
  "\\'",
  "''",
  '`backtick`',
  '"double"',
  'new\nline, return\r, tab\t, form feed\f, backspace\b',
  'nul\0byte',
  '{name:String}',
  '$1 ? %s',
  '\\x27 \\047 %27',
  'ünïcödé ✓ 😀',
  '',
];

describe('sqlString', () => {
  it('quotes and escapes quotes, backslashes and control characters', () => {
    expect(sqlString("it's")).toBe("'it\\'s'");
    expect(sqlString('a\\b')).toBe("'a\\\\b'");
    expect(sqlString('a\nb\0c\td')).toBe("'a\\nb\\0c\\td'");
    expect(sqlString('')).toBe("''");
  });

  it('leaves no unescaped quote that could end the literal', () => {
    for (const value of HOSTILE) {
      const body = sqlString(value).slice(1, -1);
      expect(body.replace(/\\./g, ''), value).not.toMatch(/['\\]/);
    }
  });

  it('makes a list for IN, and refuses an empty one', () => {
    expect(sqlStrings(['a', "b'"])).toBe("('a', 'b\\'')");
    expect(() => sqlStrings([])).toThrow(RangeError);
  });
});

describe('sqlIdentifier and sqlInteger', () => {
  it('quote plain names and refuse anything else', () => {
    expect(sqlIdentifier('shopverse_t_01')).toBe('`shopverse_t_01`');
    for (const name of ['', '1abc', 'a-b', 'a b', 'a`; DROP DATABASE x; --', 'ä', 'x'.repeat(65), 'db.table']) expect(() => sqlIdentifier(name), name).toThrow(RangeError);
  });

  it('write safe integers and bigints, and refuse fractions, NaN, infinities and unsafe numbers', () => {
    expect(sqlInteger(1_700_000_000)).toBe('1700000000');
    expect(sqlInteger(-5)).toBe('-5');
    expect(sqlInteger(2n ** 63n - 1n)).toBe('9223372036854775807');
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => sqlInteger(value), String(value)).toThrow(RangeError);
  });
});

describe('the database CLICKHOUSE_URL names', () => {
  it('is its path, else shopverse; a name that is not a plain identifier is refused', async () => {
    const named = new ClickHouse('http://user:secret@127.0.0.1:8123/analytics_1');
    const unnamed = new ClickHouse('http://127.0.0.1:8123');
    expect([named.database, unnamed.database]).toEqual(['analytics_1', 'shopverse']);
    expect(named.description).toBe('clickhouse http://user:***@127.0.0.1:8123/analytics_1');
    for (const path of ['/a-b', '/x%60%3B%20DROP', '/a/b', "/it's"]) expect(() => new ClickHouse(`http://127.0.0.1:8123${path}`), path).toThrow(RangeError);
    await Promise.all([named.close(), unnamed.close()]);
  });
});

describe('escaped literals on a real ClickHouse', () => {
  const database = freshClickHouseDatabase();
  const clickhouse = new ClickHouse(database.url);

  beforeAll(async () => {
    await clickhouse.createDatabase();
    await clickhouse.command('CREATE TABLE canary (value String) ENGINE = MergeTree() ORDER BY value');
    await clickhouse.insert('canary', HOSTILE.map((value) => ({ value })));
  });

  afterAll(async () => {
    await clickhouse.close();
    await database.drop();
  });

  it('reads each hostile string back unchanged, as one value, and runs nothing else', async () => {
    for (const value of HOSTILE) {
      // An alias named like the column would stand for the column in WHERE (ClickHouse resolves aliases first).
      const rows = await clickhouse.query(`SELECT ${sqlString(value)} AS echoed, count() AS matches FROM canary WHERE value = ${sqlString(value)}`, z.object({ echoed: z.string(), matches: z.coerce.number() }));
      expect(rows, JSON.stringify(value)).toEqual([{ echoed: value, matches: 1 }]);
    }
    const listed = await clickhouse.query(`SELECT count() AS matches FROM canary WHERE value IN ${sqlStrings(HOSTILE)}`, z.object({ matches: z.coerce.number() }));
    expect(listed).toEqual([{ matches: HOSTILE.length }]);
    expect(await clickhouse.query('SELECT count() AS rows FROM canary', z.object({ rows: z.coerce.number() }))).toEqual([{ rows: HOSTILE.length }]);
  });
});
