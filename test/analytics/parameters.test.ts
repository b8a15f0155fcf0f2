import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, RangeQuerySchema, SeriesQuerySchema, TopQuerySchema } from '../../read-api/analytics/parameters.js';
import { rollupAndFacts } from '../../read-api/analytics/rollup-query.js';

const at = (iso: string): number => Date.parse(iso) / 1_000;

describe('analytics query parameters', () => {
  it('take ISO times (any offset) to whole seconds since the epoch, `to` exclusive', () => {
    expect(RangeQuerySchema.parse({ from: '2024-03-01T10:00:00.900Z', to: '2024-03-01T12:30:00+02:00' })).toEqual({ from: at('2024-03-01T10:00:00Z'), to: at('2024-03-01T10:30:00Z') });
  });

  it('default to the 24 hours before now, by the hour, the top 10', () => {
    const before = Math.floor(Date.now() / 1_000);
    const series = SeriesQuerySchema.parse({});
    expect(series.interval).toBe('hour');
    expect(series.to - series.from).toBe(86_400);
    expect(series.to).toBeGreaterThanOrEqual(before);
    expect(TopQuerySchema.parse({ to: '2024-03-02T00:00:00Z' })).toEqual({ from: at('2024-03-01T00:00:00Z'), to: at('2024-03-02T00:00:00Z'), limit: 10 });
  });

  it('refuse hostile and malformed values, naming the parameter', () => {
    const refused: [unknown, string][] = [
      [{ from: "2024-01-01'; DROP TABLE event_facts; --" }, 'from'],
      [{ to: '2024-01-01 00:00:00' }, 'to'],
      [{ to: '1700000000' }, 'to'],
      [{ from: '1969-12-31T23:59:59Z' }, 'from'],
      [{ to: '2100-01-01T00:00:00Z' }, 'to'],
      [{ from: '2024-01-02T00:00:00Z', to: '2024-01-02T00:00:00Z' }, 'from'],
      [{ interval: "hour' OR 1=1" }, 'interval'],
      [{ interval: 'week' }, 'interval'],
    ];
    for (const [query, path] of refused) {
      const result = SeriesQuerySchema.safeParse(query);
      expect(result.success, JSON.stringify(query)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
    for (const limit of ['0', '101', '1.5', '1; DROP', '-1', 'ten']) expect(TopQuerySchema.safeParse({ limit }).success, limit).toBe(false);
    expect(TopQuerySchema.parse({ limit: '100' }).limit).toBe(100);
  });

  it(`allow at most ${MAX_BUCKETS} buckets`, () => {
    const from = '2024-01-01T00:00:00Z';
    const minutes = (count: number) => new Date(Date.parse(from) + count * 60_000).toISOString();
    expect(SeriesQuerySchema.safeParse({ from, to: minutes(MAX_BUCKETS), interval: 'minute' }).success).toBe(true);
    const tooMany = SeriesQuerySchema.safeParse({ from, to: minutes(MAX_BUCKETS + 1), interval: 'minute' });
    expect(tooMany.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['interval']);
    expect(SeriesQuerySchema.safeParse({ from, to: minutes(MAX_BUCKETS + 1), interval: 'hour' }).success).toBe(true);
  });
});

describe('a range split between the hourly rollup and the facts', () => {
  const parts = { rollup: (time: (column: string) => string) => `ROLLUP ${time('hour')}`, facts: (time: (column: string) => string) => `FACTS ${time('occurred_at')}` };
  const within = (column: string, from: string, to: string) => `(${column} >= toDateTime(${String(at(from))}) AND ${column} < toDateTime(${String(at(to))}))`;

  it('reads whole hours from the rollup and the ends of the range from the facts', () => {
    expect(rollupAndFacts({ from: at('2024-01-01T10:20:00Z'), to: at('2024-01-01T13:05:00Z') }, parts)).toBe(
      `ROLLUP ${within('hour', '2024-01-01T11:00:00Z', '2024-01-01T13:00:00Z')} UNION ALL FACTS (${within('occurred_at', '2024-01-01T10:20:00Z', '2024-01-01T11:00:00Z')} OR ${within('occurred_at', '2024-01-01T13:00:00Z', '2024-01-01T13:05:00Z')})`,
    );
  });

  it('reads an aligned range from the rollup alone, and a range within an hour or by the minute from the facts alone', () => {
    expect(rollupAndFacts({ from: at('2024-01-01T10:00:00Z'), to: at('2024-01-02T10:00:00Z') }, parts)).toBe(`ROLLUP ${within('hour', '2024-01-01T10:00:00Z', '2024-01-02T10:00:00Z')}`);
    expect(rollupAndFacts({ from: at('2024-01-01T10:20:00Z'), to: at('2024-01-01T11:10:00Z') }, parts)).toBe(`FACTS ${within('occurred_at', '2024-01-01T10:20:00Z', '2024-01-01T11:10:00Z')}`);
    expect(rollupAndFacts({ from: at('2024-01-01T10:00:00Z'), to: at('2024-01-01T12:00:00Z') }, parts, 60)).toBe(`FACTS ${within('occurred_at', '2024-01-01T10:00:00Z', '2024-01-01T12:00:00Z')}`);
  });
});
