import type { CallLogFilter, CallLogOutcomeFilter } from '../../../shared/call-log.ts';
import { CallLogOutcomeFilterSchema, DATE_FILTER_LIMITS } from '../../../shared/call-log.ts';

/** The Date range choices: none, presets counted in the user's calendar, or two dates. */
export const DATE_RANGES = ['all', 'today', '7d', '30d', 'month', 'custom'] as const;
export type DateRange = (typeof DATE_RANGES)[number];

/** What the call log shows, as kept in the URL (`#/calls?q=…&range=7d&outcome=busy&contact=…`). */
export interface LogViewState {
  readonly search: string;
  readonly range: DateRange;
  /** `YYYY-MM-DD` (local calendar), for the custom range; both inclusive. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly outcome: CallLogOutcomeFilter | '';
  readonly contactId: string;
}

export const EMPTY_VIEW_STATE: LogViewState = {
  search: '',
  range: 'all',
  fromDate: '',
  toDate: '',
  outcome: '',
  contactId: '',
};

/** Reads the view state from the URL's params; anything unknown falls back to "all". */
export function viewStateFromParams(params: URLSearchParams): LogViewState {
  const range = params.get('range') ?? 'all';
  const outcome = CallLogOutcomeFilterSchema.safeParse(params.get('outcome'));
  const date = (value: string | null): string => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return {
    search: (params.get('q') ?? '').slice(0, 100),
    range: (DATE_RANGES as readonly string[]).includes(range) ? (range as DateRange) : 'all',
    fromDate: date(params.get('from')),
    toDate: date(params.get('to')),
    outcome: outcome.success ? outcome.data : '',
    contactId: (params.get('contact') ?? '').slice(0, 64),
  };
}

/** The URL params for a view state (empty values left out). */
export function viewStateParams(state: LogViewState): Record<string, string> {
  return {
    q: state.search,
    range: state.range === 'all' ? '' : state.range,
    from: state.range === 'custom' ? state.fromDate : '',
    to: state.range === 'custom' ? state.toDate : '',
    outcome: state.outcome,
    contact: state.contactId,
  };
}

/** Local midnight of `date` moved by `days` (years below 100 kept as they are: `new Date(y, …)` would add 1900). */
function midnight(date: Date, days = 0): Date {
  const moved = new Date(2000, 0, 1);
  moved.setFullYear(date.getFullYear(), date.getMonth(), date.getDate() + days);
  return moved;
}

/**
 * `YYYY-MM-DD` read as a local date (not UTC, as `new Date('2024-05-01')` would), or null unless
 * it is a real calendar date of year 0001–9999 (what a date field can hold): 2026-02-30,
 * 0000-01-01 and 10000-01-01 are null. Years below 100 are kept as written (`new Date(y, …)`
 * would read 0099 as 1999).
 */
export function localDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(2000, month, day);
  date.setFullYear(year, month, day);
  const real = date.getFullYear() === year && date.getMonth() === month && date.getDate() === day;
  return real && year >= 1 ? date : null;
}

/**
 * A date as an ISO instant for the core's filter, clamped to the 4-digit years the contract
 * takes (DATE_FILTER_LIMITS): the end of 9999-12-31 is the next day's midnight, year 10000, which
 * `toISOString` writes as "+010000-…" and the contract would refuse.
 */
function iso(date: Date | null): string | undefined {
  if (date === null) return undefined;
  const time = Math.min(
    Math.max(date.getTime(), Date.parse(DATE_FILTER_LIMITS.min)),
    Date.parse(DATE_FILTER_LIMITS.max),
  );
  return new Date(time).toISOString();
}

/** What is wrong with a custom range's dates, as an error catalogue id (`error.callLog.range.*`) and the field it concerns. */
export interface DateRangeProblem {
  readonly field: 'from' | 'to';
  readonly key: 'error.callLog.range.invalidDate' | 'error.callLog.range.endBeforeStart';
  readonly params: { readonly date: string };
}

/**
 * THE check of a custom date range (the one place the call log's date inputs are validated; the
 * core's contract checks the instants again). Empty start or end: an open range, no problem. A
 * date that is not a real calendar date of year 0001–9999, or an end before the start: the
 * problem, and that range is not applied (`rangeInstants` leaves those bounds out).
 */
export function dateRangeProblem(state: Pick<LogViewState, 'range' | 'fromDate' | 'toDate'>): DateRangeProblem | null {
  if (state.range !== 'custom') return null;
  for (const field of ['from', 'to'] as const) {
    const text = field === 'from' ? state.fromDate : state.toDate;
    if (text !== '' && localDate(text) === null)
      return { field, key: 'error.callLog.range.invalidDate', params: { date: text } };
  }
  const from = localDate(state.fromDate);
  const to = localDate(state.toDate);
  if (from && to && to < from)
    return { field: 'to', key: 'error.callLog.range.endBeforeStart', params: { date: state.toDate } };
  return null;
}

/**
 * The [from, to) instants of a date range on the user's calendar, as of `now`: `to` is the
 * midnight after the end date, clamped so the end of 9999-12-31 never overflows into year 10000.
 * A custom range with a problem (`dateRangeProblem`) contributes only its sound bounds.
 */
export function rangeInstants(state: LogViewState, now: Date): { from?: string; to?: string } {
  switch (state.range) {
    case 'all':
      return {};
    case 'today':
      return { from: iso(midnight(now)) };
    case '7d':
      return { from: iso(midnight(now, -6)) };
    case '30d':
      return { from: iso(midnight(now, -29)) };
    case 'month':
      return { from: iso(new Date(now.getFullYear(), now.getMonth(), 1)) };
    case 'custom': {
      if (dateRangeProblem(state)?.key === 'error.callLog.range.endBeforeStart') return {};
      const from = localDate(state.fromDate);
      const to = localDate(state.toDate);
      return {
        ...(from ? { from: iso(from) } : {}),
        ...(to ? { to: iso(midnight(to, 1)) } : {}),
      };
    }
  }
}

/** The store filter for a view state (the list and the CSV export use the same one). */
export function filterOf(state: LogViewState, search: string, now: Date): CallLogFilter {
  return {
    search,
    ...rangeInstants(state, now),
    ...(state.outcome ? { outcomes: [state.outcome] } : {}),
    ...(state.contactId ? { contactId: state.contactId } : {}),
  };
}

/** "Today", "Yesterday" or the date, for the day headings of the log (local calendar). */
export function dayKey(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

export function dayLabelKind(iso: string, now: Date): 'today' | 'yesterday' | 'date' {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return 'today';
  if (key === dayKey(midnight(now, -1).toISOString())) return 'yesterday';
  return 'date';
}
