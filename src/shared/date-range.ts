/**
 * Date ranges picked on the user's calendar (the call log's custom range, Insights): the one
 * place `YYYY-MM-DD` dates are read and turned into the [from, to) instants the contract takes.
 * Pure; runs in the renderer (local time zone of the machine).
 *
 * Edges: a date is a real calendar date of year 0001–9999 (what `<input type="date">` can hold;
 * 2026-02-30, 0000-01-01 and 10000-01-01 are not); instants are clamped to 4-digit years
 * (`DATE_FILTER_LIMITS`, RFC 3339), so the end of 9999-12-31, the next day's midnight in year
 * 10000, never reaches the core as "+010000-…".
 */

/** The earliest and latest instants a date filter may name (4-digit years, RFC 3339). */
export const DATE_FILTER_LIMITS = {
  min: '0000-01-01T00:00:00.000Z',
  max: '9999-12-31T23:59:59.999Z',
} as const;

/**
 * `YYYY-MM-DD` read as a local date (not UTC, as `new Date('2024-05-01')` would), or null unless
 * it is a real calendar date of year 0001–9999. Years below 100 are kept as written
 * (`new Date(y, …)` would read 0099 as 1999).
 */
export function parseLocalDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(2000, month, day);
  date.setFullYear(year, month, day);
  const real = date.getFullYear() === year && date.getMonth() === month && date.getDate() === day;
  return real && year >= 1 ? date : null;
}

/** Local midnight of `date` moved by `days` (years below 100 kept: `new Date(y, …)` would add 1900). */
export function addLocalDays(date: Date, days: number): Date {
  const moved = new Date(2000, 0, 1);
  moved.setFullYear(date.getFullYear(), date.getMonth(), date.getDate() + days);
  return moved;
}

/** `date` as an ISO instant for a contract date filter, clamped into `DATE_FILTER_LIMITS`. */
export function filterInstant(date: Date): string {
  const time = Math.min(
    Math.max(date.getTime(), Date.parse(DATE_FILTER_LIMITS.min)),
    Date.parse(DATE_FILTER_LIMITS.max),
  );
  return new Date(time).toISOString();
}

/** What is wrong with a range's dates: an error catalogue id (`error.callLog.range.*`) and the field it concerns. */
export interface DateRangeProblem {
  readonly field: 'from' | 'to';
  readonly key: 'error.callLog.range.invalidDate' | 'error.callLog.range.endBeforeStart';
  readonly params: { readonly date: string };
}

/**
 * THE check of a range of two `YYYY-MM-DD` texts (both inclusive). Empty text is an open end, not
 * a problem (callers that need both ends say so themselves). A date that is not real, or an end
 * before the start, is the problem.
 */
export function checkDateRange(fromText: string, toText: string): DateRangeProblem | null {
  for (const [field, text] of [
    ['from', fromText],
    ['to', toText],
  ] as const) {
    if (text !== '' && parseLocalDate(text) === null) {
      return { field, key: 'error.callLog.range.invalidDate', params: { date: text } };
    }
  }
  const from = parseLocalDate(fromText);
  const to = parseLocalDate(toText);
  if (from && to && to < from)
    return { field: 'to', key: 'error.callLog.range.endBeforeStart', params: { date: toText } };
  return null;
}
