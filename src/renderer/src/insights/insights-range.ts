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
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
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

/** Every bucket key in the range (`YYYY-MM-DD` or `YYYY-MM`), so days without calls show as zero. */
export function bucketKeys(value: DateRange, period: 'day' | 'month'): string[] {
  const keys: string[] = [];
  const end = new Date(value.to);
  let cursor = new Date(value.from);
  if (period === 'month') cursor = new Date(cursor.getFullYear(), cursor.getMonth(), 1);
  // Bounded: at most 400 days or 120 months are drawn.
  for (let count = 0; cursor < end && count < (period === 'day' ? 400 : 120); count++) {
    keys.push(period === 'day' ? localDay(cursor) : localDay(cursor).slice(0, 7));
    cursor = period === 'day' ? addDays(cursor, 1) : new Date(cursor.getFullYear(), cursor.getMonth() + 1, 1);
  }
  return keys;
}
