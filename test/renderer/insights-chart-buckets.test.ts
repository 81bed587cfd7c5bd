/**
 * Insights' charts over long ranges (tester fault: a custom range 1900-01-01 to 2100-12-31 per month
 * drew Jul 1900 – Dec 1909 without a bar, though the totals counted 41 calls). chartBuckets draws a
 * range whole when it fits the limit, else from its first call to its last, and past the limit the
 * most recent buckets, saying how many there were.
 */
import { describe, expect, it } from 'vitest';
import { CHART_BUCKET_LIMIT, chartBuckets, resolveRange } from '../../src/renderer/src/insights/insights-range.ts';

const today = new Date(2026, 11, 1, 12);
const custom = (from: string, to: string) => resolveRange('custom', today, { from, to })!;

describe('chartBuckets', () => {
  it('draws a range that fits whole, quiet buckets included', () => {
    const range = resolveRange('12m', today, { from: '', to: '' })!;
    const span = chartBuckets(range, 'month', ['2026-11']);
    expect(span.keys).toHaveLength(12);
    expect(span.keys[0]).toBe('2026-01');
    expect(span.keys.at(-1)).toBe('2026-12');
    expect(span).toMatchObject({ clamped: false, cutFrom: null });
  });

  it('draws 1900–2100 per month from the first call to the last, so every call has its bar', () => {
    const span = chartBuckets(custom('1900-01-01', '2100-12-31'), 'month', ['2026-12', '2025-03', '2026-01']);
    expect(span.keys[0]).toBe('2025-03');
    expect(span.keys.at(-1)).toBe('2026-12');
    expect(span.keys).toHaveLength(22);
    expect(span).toMatchObject({ clamped: true, cutFrom: null });
  });

  it('past the limit draws the most recent buckets and says how many spanned the calls', () => {
    const span = chartBuckets(custom('1900-01-01', '2100-12-31'), 'month', ['1950-06', '2026-12']);
    expect(span.keys).toHaveLength(CHART_BUCKET_LIMIT.month);
    expect(span.keys.at(-1)).toBe('2026-12');
    expect(span.keys[0]).toBe('2017-01');
    expect(span.cutFrom).toBe((2026 - 1950) * 12 + 6 + 1);
  });

  it('per day over years: the days from the first call to the last, across a leap day', () => {
    const span = chartBuckets(custom('1900-01-01', '2100-12-31'), 'day', ['2024-03-01', '2024-02-27']);
    expect(span.keys).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('years below 100 are read as written, not as 19xx', () => {
    const span = chartBuckets(custom('0001-01-01', '9999-12-31'), 'month', ['0050-02', '0050-04']);
    expect(span.keys).toEqual(['0050-02', '0050-03', '0050-04']);
  });

  it('a long range without calls draws at most the limit', () => {
    const span = chartBuckets(custom('1900-01-01', '2100-12-31'), 'day', []);
    expect(span.keys).toHaveLength(CHART_BUCKET_LIMIT.day);
    expect(span.keys.at(-1)).toBe('2100-12-31');
  });
});
