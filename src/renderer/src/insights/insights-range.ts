/**
 * The Insights view's date ranges, in the machine's calendar (the totals are bucketed in the same
 * local time zone): presets and a custom range of whole days, as [from, to) instants.
 */
import { addLocalDays, filterInstant, parseLocalDate } from '../../../shared/date-range.ts';

export const RANGE_PRESETS = ['7d', '30d', '90d', '12m', 'year', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export interface DateRange {
  /** Local midnight of the first day, as an ISO instant. */
  readonly from: string;
  /** Local midnight after the last day (exclusive), as an ISO instant. */
  readonly to: string;
  /** Number of days covered. */
  readonly days: number;
}

const startOfDay = (date: Date) => addLocalDays(date, 0);
const addDays = addLocalDays;

/** `YYYY-MM-DD` of a local date (the form of <input type="date"> and of the day buckets). */
export function localDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local date from `YYYY-MM-DD` (a real date of year 0001–9999), or null when it is not one (shared date-range.ts). */
export const parseLocalDay = parseLocalDate;

/** The instants are clamped to 4-digit years: a range ending 9999-12-31 must not end in year 10000. */
function range(first: Date, afterLast: Date): DateRange {
  const days = Math.round((afterLast.getTime() - first.getTime()) / 86_400_000);
  return { from: filterInstant(first), to: filterInstant(afterLast), days };
}

/** The range a preset stands for on `today`; custom uses `custom` (inclusive days), null when invalid. */
export function resolveRange(preset: RangePreset, today: Date, custom: { from: string; to: string }): DateRange | null {
  const day = startOfDay(today);
  switch (preset) {
    case '7d':
      return range(addDays(day, -6), addDays(day, 1));
    case '30d':
      return range(addDays(day, -29), addDays(day, 1));
    case '90d':
      return range(addDays(day, -89), addDays(day, 1));
    case '12m':
      return range(
        new Date(day.getFullYear(), day.getMonth() - 11, 1),
        new Date(day.getFullYear(), day.getMonth() + 1, 1),
      );
    case 'year':
      return range(new Date(day.getFullYear(), 0, 1), new Date(day.getFullYear() + 1, 0, 1));
    case 'custom': {
      const first = parseLocalDay(custom.from);
      const last = parseLocalDay(custom.to);
      if (!first || !last || last < first) return null;
      return range(first, addDays(last, 1));
    }
  }
}

/** Most buckets one chart draws: 400 days or 120 months (more bars than that are not readable at 420 px). */
export const CHART_BUCKET_LIMIT = { day: 400, month: 120 } as const;

/** The buckets a chart (and its table) draws, and what of the range they leave out. */
export interface ChartBuckets {
  /** Bucket keys in order (`YYYY-MM-DD` or `YYYY-MM`), zero-filled between the first and last. */
  readonly keys: string[];
  /** True when the range had more buckets than the limit and is drawn only from its first to its last call. */
  readonly clamped: boolean;
  /** Buckets from the first to the last call when only the most recent `keys.length` are drawn, else null. */
  readonly cutFrom: number | null;
}

/** A local date (year 0001–9999 as written: `new Date(y, …)` would read years below 100 as 19xx). */
function localDate(year: number, monthIndex: number, day: number): Date {
  const date = new Date(2000, 0, 1);
  date.setFullYear(year, monthIndex, day);
  return date;
}

/** The local date a bucket key starts on (`YYYY-MM-DD`, or `YYYY-MM` for the 1st of the month). */
export function bucketStart(key: string): Date {
  const [year, month, day] = key.split('-').map(Number) as [number, number, number | undefined];
  return localDate(year, month - 1, day ?? 1);
}

const keyOf = (date: Date, period: 'day' | 'month') => (period === 'day' ? localDay(date) : localDay(date).slice(0, 7));

/** Number of buckets from the one holding `first` to the one holding `last`, both included. */
function bucketCount(first: Date, last: Date, period: 'day' | 'month'): number {
  if (period === 'month') {
    return (last.getFullYear() - first.getFullYear()) * 12 + last.getMonth() - first.getMonth() + 1;
  }
  // Whole days between local dates, free of daylight-saving hours: count in UTC from the same calendar dates.
  const firstUtc = new Date(0);
  firstUtc.setUTCFullYear(first.getFullYear(), first.getMonth(), first.getDate());
  const lastUtc = new Date(0);
  lastUtc.setUTCFullYear(last.getFullYear(), last.getMonth(), last.getDate());
  return Math.round((lastUtc.getTime() - firstUtc.getTime()) / 86_400_000) + 1;
}

/**
 * The buckets the charts and their tables draw for `range` per `period`. A range of at most
 * `CHART_BUCKET_LIMIT[period]` buckets is drawn whole (quiet days show as zero). A longer one (a custom
 * range of 1900–2100) is drawn from the bucket of its first call to that of its last (`withCalls`: the keys
 * of the buckets the totals hold, any order); if that is still too many, the most recent `limit` buckets
 * are drawn and `cutFrom` says how many there were, so the view can say so. Never loops past the limit.
 */
export function chartBuckets(
  value: DateRange,
  period: 'day' | 'month',
  withCalls: readonly string[],
  limit: number = CHART_BUCKET_LIMIT[period],
): ChartBuckets {
  let first = new Date(value.from);
  let last = new Date(new Date(value.to).getTime() - 1);
  let clamped = false;
  if (bucketCount(first, last, period) > limit && withCalls.length > 0) {
    const sorted = [...withCalls].sort();
    first = bucketStart(sorted[0]!);
    last = bucketStart(sorted[sorted.length - 1]!);
    clamped = true;
  }
  const total = bucketCount(first, last, period);
  const shown = Math.max(0, Math.min(total, limit));
  const keys: string[] = [];
  // Bounded by `limit`: walks back from the last bucket.
  for (let index = 0; index < shown; index++) {
    const date =
      period === 'day'
        ? addDays(localDate(last.getFullYear(), last.getMonth(), last.getDate()), -index)
        : localDate(last.getFullYear(), last.getMonth() - index, 1);
    keys.push(keyOf(date, period));
  }
  keys.reverse();
  return { keys, clamped, cutFrom: total > limit ? total : null };
}
