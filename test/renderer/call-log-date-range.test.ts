/**
 * Issue 9 follow-up (t9) kind 4: the call log's custom date range at its edges. One check in the
 * renderer (call-log-filter.ts) and the core's contract checking the instants again, so a range
 * ending 9999-12-31 loads, and a date that is not real, year 0000/10000, or an end before the
 * start is said plainly and breaks nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dateRangeProblem,
  EMPTY_VIEW_STATE,
  filterOf,
  rangeInstants,
  type LogViewState,
} from '../../src/renderer/src/call-log/call-log-filter.ts';
import { parseLocalDate as localDate } from '../../src/shared/date-range.ts';
import { resolveRange } from '../../src/renderer/src/insights/insights-range.ts';
import { CallLogFilterSchema, CallLogPageQuerySchema, CallTotalsQuerySchema } from '../../src/shared/call-log.ts';
import { ExportCallLogInputSchema as ExportCallLogSchema } from '../../src/shared/import-export.ts';
import { fieldErrorsFromZod } from '../../src/shared/zod-issues.ts';

const custom = (fromDate: string, toDate: string): LogViewState => ({
  ...EMPTY_VIEW_STATE,
  range: 'custom',
  fromDate,
  toDate,
});
const now = new Date(2026, 5, 15, 12);

describe('the renderer: one check of a custom range, end-of-day clamped', () => {
  it('a range ending 9999-12-31 ends at the last instant the contract takes, never in year 10000', () => {
    const instants = rangeInstants(custom('2020-01-01', '9999-12-31'), now);
    expect(instants.to).toBe('9999-12-31T23:59:59.999Z');
    expect(CallLogFilterSchema.safeParse(filterOf(custom('2020-01-01', '9999-12-31'), '', now)).success).toBe(true);
    expect(dateRangeProblem(custom('2020-01-01', '9999-12-31'))).toBeNull();
  });

  it('reads only real calendar dates of year 0001–9999', () => {
    expect(localDate('2026-02-28')?.getDate()).toBe(28);
    expect(localDate('2024-02-29')?.getMonth()).toBe(1);
    for (const text of ['2026-02-30', '2026-04-31', '2026-13-01', '0000-01-01', '10000-01-01', '2026-2-1', '']) {
      expect(localDate(text), text).toBeNull();
    }
    // Years below 100 stay as written (new Date(99, …) would be 1999).
    expect(localDate('0099-03-01')?.getFullYear()).toBe(99);
    expect(localDate('0001-01-01')?.getFullYear()).toBe(1);
  });

  it('says which date is wrong, and does not apply it', () => {
    expect(dateRangeProblem(custom('2026-02-30', ''))).toEqual({
      field: 'from',
      key: 'error.callLog.range.invalidDate',
      params: { date: '2026-02-30' },
    });
    expect(dateRangeProblem(custom('', '0000-12-31'))).toMatchObject({
      field: 'to',
      key: 'error.callLog.range.invalidDate',
    });
    expect(rangeInstants(custom('2026-02-30', '2026-03-01'), now)).toEqual({
      to: new Date(2026, 2, 2).toISOString(),
    });
  });

  it('an end before the start is a problem at the end date, and no range is applied', () => {
    expect(dateRangeProblem(custom('2026-03-02', '2026-03-01'))).toMatchObject({
      field: 'to',
      key: 'error.callLog.range.endBeforeStart',
    });
    expect(rangeInstants(custom('2026-03-02', '2026-03-01'), now)).toEqual({});
    // The same day is one whole day, not a problem.
    expect(dateRangeProblem(custom('2026-03-01', '2026-03-01'))).toBeNull();
  });

  it('an empty start or end is an open range, not a problem', () => {
    expect(dateRangeProblem(custom('', '2026-03-01'))).toBeNull();
    expect(dateRangeProblem(custom('2026-03-01', ''))).toBeNull();
    expect(rangeInstants(custom('', ''), now)).toEqual({});
    expect(rangeInstants(custom('2026-03-01', ''), now)).toEqual({ from: new Date(2026, 2, 1).toISOString() });
  });

  it('the first day of year 0001 stays in range of the contract', () => {
    const instants = rangeInstants(custom('0001-01-01', '0001-01-01'), now);
    expect(CallLogFilterSchema.safeParse({ ...instants }).success).toBe(true);
    expect(Date.parse(instants.from ?? '')).toBeLessThan(Date.parse(instants.to ?? ''));
  });
});

describe('Insights reads its custom range with the same helpers', () => {
  it('a range ending 9999-12-31 gives totals a query the contract takes', () => {
    const range = resolveRange('custom', now, { from: '9999-12-01', to: '9999-12-31' });
    expect(range?.to).toBe('9999-12-31T23:59:59.999Z');
    expect(CallTotalsQuerySchema.safeParse({ from: range?.from, to: range?.to, period: 'day' }).success).toBe(true);
    expect(resolveRange('custom', now, { from: '2026-02-30', to: '2026-03-01' })).toBeNull();
    expect(resolveRange('custom', now, { from: '0050-01-01', to: '0050-01-02' })?.days).toBe(2);
  });
});

describe('the core: the IPC schemas of the log query, page, totals and export refuse bad ranges in plain words', () => {
  const bad: [Record<string, unknown>, string, string][] = [
    [{ to: '+010000-01-01T00:00:00.000Z' }, 'to', 'callLog.range.invalidInstant'],
    [{ from: '2026-02-30T00:00:00.000Z' }, 'from', 'callLog.range.invalidInstant'],
    [{ from: '2026-03-02T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }, 'to', 'callLog.range.endBeforeStart'],
  ];
  for (const [filter, field, key] of bad) {
    it(`${JSON.stringify(filter)} → ${key} at ${field}`, () => {
      for (const [schema, input, path] of [
        [CallLogFilterSchema, filter, [field]],
        [CallLogPageQuerySchema, filter, [field]],
        [CallTotalsQuerySchema, { ...filter, period: 'day' }, [field]],
        [ExportCallLogSchema, { jobId: randomUUID(), path: '/tmp/x.csv', filter }, ['filter', field]],
      ] as const) {
        const parsed = schema.safeParse(input);
        expect(parsed.success).toBe(false);
        if (!parsed.success) expect(fieldErrorsFromZod(parsed.error, input)).toContainEqual({ path, key });
      }
    });
  }

  it('accepts the edges themselves', () => {
    expect(
      CallLogPageQuerySchema.safeParse({ from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' }).success,
    ).toBe(true);
  });
});
