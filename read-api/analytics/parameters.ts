import { z } from 'zod';

export const INTERVAL_SECONDS = { minute: 60, hour: 3_600, day: 86_400 } as const;
export const IntervalSchema = z.enum(['minute', 'hour', 'day']);
export type Interval = z.infer<typeof IntervalSchema>;

/** A series has at most this many buckets (a day of minutes and then some; 83 days of hours). */
export const MAX_BUCKETS = 2_000;
const DEFAULT_SPAN_SECONDS = 86_400;
/** ClickHouse's DateTime ends in 2106: later times cannot be stored, so they are no bound either. */
const LATEST = Date.UTC(2100, 0, 1);

const InstantSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= 0 && Date.parse(value) < LATEST, 'must lie between 1970 and 2100');

/** Seconds since the epoch; fractions of a second are dropped, as the facts keep whole seconds. */
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1_000);

/** `[from, to)` in seconds since the epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const RangeFieldsSchema = z.object({
  from: InstantSchema.optional().describe('ISO 8601 time, inclusive; default: 24 hours before `to`'),
  to: InstantSchema.optional().describe('ISO 8601 time, exclusive; default: now'),
});

function toRange(query: z.output<typeof RangeFieldsSchema>): TimeRange {
  const to = query.to === undefined ? Math.floor(Date.now() / 1_000) : seconds(query.to);
  return { from: query.from === undefined ? to - DEFAULT_SPAN_SECONDS : seconds(query.from), to };
}

const ordered = (range: TimeRange): boolean => range.from < range.to;
const ORDER_ISSUE = { error: '`from` must be before `to`', path: ['from'] };

/** `?from=&to=` (funnel). */
export const RangeQuerySchema = RangeFieldsSchema.transform(toRange).refine(ordered, ORDER_ISSUE);

/** `?from=&to=&interval=` (series): at most `MAX_BUCKETS` buckets. */
export const SeriesQuerySchema = RangeFieldsSchema.extend({ interval: IntervalSchema.default('hour').describe('bucket size; buckets start at whole minutes, hours or days (UTC)') })
  .transform((query) => ({ ...toRange(query), interval: query.interval }))
  .refine(ordered, ORDER_ISSUE)
  .refine((query) => bucketCount(query, query.interval) <= MAX_BUCKETS, { error: `more than ${MAX_BUCKETS} buckets: choose a larger interval or a shorter range`, path: ['interval'] });

/** `?from=&to=&limit=` (top products). */
export const TopQuerySchema = RangeFieldsSchema.extend({ limit: z.coerce.number().int().min(1).max(100).default(10).describe('1..100, default 10') })
  .transform((query) => ({ ...toRange(query), limit: query.limit }))
  .refine(ordered, ORDER_ISSUE);

/** How many buckets of the interval the range touches (buckets are aligned to the interval, not to `from`). */
export function bucketCount(range: TimeRange, interval: Interval): number {
  const size = INTERVAL_SECONDS[interval];
  return Math.ceil(range.to / size) - Math.floor(range.from / size);
}
