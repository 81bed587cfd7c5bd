import type { CallTotals } from '../../../shared/call-log.ts';
import { thousandthsToMoney } from './money.ts';

export const DAY_MS = 86_400_000;

export interface DayRow {
  day: number;
  currency: string | null;
  calls: number;
  connected: number;
  minutes: number;
  debit: number | null;
}

/**
 * [from, to) cut into pieces with one UTC offset each: UTC is one piece; the machine's zone
 * (the calendar the user sees, as SQLite's 'localtime') changes offset at DST transitions,
 * found by probing daily and bisecting to the minute.
 */
export function constantOffsetPieces(
  from: number,
  to: number,
  zone: 'local' | 'utc',
): { from: number; to: number; offsetMs: number }[] {
  if (!(to > from)) return [];
  if (zone === 'utc') return [{ from, to, offsetMs: 0 }];
  const offsetAt = (ms: number): number => -new Date(ms).getTimezoneOffset() * 60_000 || 0; // never -0
  const pieces: { from: number; to: number; offsetMs: number }[] = [];
  for (let start = from; start < to;) {
    const offset = offsetAt(start);
    let end = to;
    for (let probe = start; probe < to; probe = Math.min(probe + DAY_MS, to)) {
      const next = Math.min(probe + DAY_MS, to);
      const checked = next === to ? to - 1 : next;
      if (offsetAt(checked) !== offset) {
        end = firstChange(probe, checked, offset, offsetAt);
        break;
      }
    }
    pieces.push({ from: start, to: end, offsetMs: offset });
    start = end;
  }
  return pieces;
}

/** The first millisecond in (low, high] whose offset differs from `offset` (bisection). */
function firstChange(low: number, high: number, offset: number, offsetAt: (ms: number) => number): number {
  let good = low;
  let bad = high;
  while (bad - good > 1) {
    const middle = good + Math.floor((bad - good) / 2);
    if (offsetAt(middle) === offset) good = middle;
    else bad = middle;
  }
  return bad;
}

export interface Accumulator {
  calls: number;
  connected: number;
  minutes: number;
  costs: Map<string, number>;
}

export function newAccumulator(): Accumulator {
  return { calls: 0, connected: 0, minutes: 0, costs: new Map() };
}

export function accumulate(into: Accumulator, row: DayRow): void {
  into.calls += row.calls;
  into.connected += row.connected;
  into.minutes += row.minutes;
  if (row.debit !== null && row.currency !== null)
    into.costs.set(row.currency, (into.costs.get(row.currency) ?? 0) + row.debit);
}

export function finish(accumulator: Accumulator): CallTotals {
  return {
    calls: accumulator.calls,
    connected: accumulator.connected,
    minutes: accumulator.minutes,
    costs: [...accumulator.costs]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, debit]) => ({ currency, amount: thousandthsToMoney(debit) })),
  };
}
