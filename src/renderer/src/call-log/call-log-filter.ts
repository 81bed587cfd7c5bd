import type { CallLogFilter, CallLogOutcomeFilter, CallLogTeamScope } from '../../../shared/call-log.ts';
import { CallLogOutcomeFilterSchema, CallLogTeamScopeSchema } from '../../../shared/call-log.ts';
import { isPhoneLike } from '../../../shared/phone.ts';
import {
  addLocalDays,
  checkDateRange,
  filterInstant,
  parseLocalDate as localDate,
  type DateRangeProblem,
} from '../../../shared/date-range.ts';

export type { DateRangeProblem };

/** The Date range choices: none, presets counted in the user's calendar, or two dates. */
export const DATE_RANGES = ['all', 'today', '7d', '30d', 'month', 'custom'] as const;
export type DateRange = (typeof DATE_RANGES)[number];

/** What the call log shows, as kept in the URL (`#/calls?q=…&range=7d&outcome=busy&contact=…&by=mine`). */
export interface LogViewState {
  readonly search: string;
  readonly range: DateRange;
  /** `YYYY-MM-DD` (local calendar), for the custom range; both inclusive. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly outcome: CallLogOutcomeFilter | '';
  readonly contactId: string;
  /** A team member's "Placed by" filter (issue 15); ignored without a team. */
  readonly placedBy: CallLogTeamScope;
}

export const EMPTY_VIEW_STATE: LogViewState = {
  search: '',
  range: 'all',
  fromDate: '',
  toDate: '',
  outcome: '',
  contactId: '',
  placedBy: 'everyone',
};

/** Reads the view state from the URL's params; anything unknown falls back to "all". */
export function viewStateFromParams(params: URLSearchParams): LogViewState {
  const range = params.get('range') ?? 'all';
  const outcome = CallLogOutcomeFilterSchema.safeParse(params.get('outcome'));
  const placedBy = CallLogTeamScopeSchema.safeParse(params.get('by'));
  const date = (value: string | null): string => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  return {
    search: (params.get('q') ?? '').slice(0, 100),
    range: (DATE_RANGES as readonly string[]).includes(range) ? (range as DateRange) : 'all',
    fromDate: date(params.get('from')),
    toDate: date(params.get('to')),
    outcome: outcome.success ? outcome.data : '',
    contactId: (params.get('contact') ?? '').slice(0, 64),
    placedBy: placedBy.success ? placedBy.data : 'everyone',
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
    by: state.placedBy === 'everyone' ? '' : state.placedBy,
  };
}

/** Local midnight of `date` moved by `days`. */
function midnight(date: Date, days = 0): Date {
  return addLocalDays(date, days);
}

/** A date as a contract instant (clamped: the end of 9999-12-31 never overflows into year 10000). */
function iso(date: Date | null): string | undefined {
  return date === null ? undefined : filterInstant(date);
}

/**
 * The check of the custom range (shared `checkDateRange`, the one the Insights view uses too).
 * Empty start or end: an open range, no problem. A date that is not a real calendar date of year
 * 0001–9999, or an end before the start: the problem, and that range is not applied
 * (`rangeInstants` leaves those bounds out).
 */
export function dateRangeProblem(state: Pick<LogViewState, 'range' | 'fromDate' | 'toDate'>): DateRangeProblem | null {
  return state.range === 'custom' ? checkDateRange(state.fromDate, state.toDate) : null;
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

/** Characters a search word needs before numbers, references and notes are searched (the index holds 3-character runs). */
export const MIN_INDEXED_SEARCH_CHARACTERS = 3;

/**
 * True when the log's search (as sent: trimmed) has a word of 1-2 characters that is not part of a
 * number: the store matches such a word against contact names only (call-log-search.ts
 * `searchCondition`, its `short` terms), so "TX" does not find the references starting with TX.
 * Typed digits ("41", "+6") are searched in numbers and are not short in this sense.
 */
export function searchesNamesOnly(search: string): boolean {
  const trimmed = search.trim();
  if (trimmed === '' || isPhoneLike(trimmed)) return false;
  return trimmed.split(/\s+/).some((word) => [...word].length < MIN_INDEXED_SEARCH_CHARACTERS);
}
