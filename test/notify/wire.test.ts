import { describe, expect, it } from 'vitest';
import {
  formatHoiioDate,
  HoiioDateSchema,
  HoiioIntSchema,
  moneyToThousandths,
  parseHoiioDate,
  parseIntStrict,
  parseMoney,
  thousandthsToMoney,
  WireFormatError,
} from '../../src/main/core/hoiio/wire.ts';

describe('parseHoiioDate', () => {
  it('reads GMT+8 and returns the UTC instant', () => {
    expect(parseHoiioDate('2024-05-01 10:00:00')).toBe('2024-05-01T02:00:00.000Z');
  });

  it('crosses the day, month and year boundary when subtracting 8 hours', () => {
    expect(parseHoiioDate('2024-01-01 07:59:59')).toBe('2023-12-31T23:59:59.000Z');
  });

  it('ignores an optional fraction, as in the captured .NET body', () => {
    expect(parseHoiioDate('2012-06-06 11:10:36.0')).toBe('2012-06-06T03:10:36.000Z');
    expect(parseHoiioDate('2012-06-06 11:10:36.123456')).toBe('2012-06-06T03:10:36.000Z');
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseHoiioDate('2024-02-29 12:00:00')).toBe('2024-02-29T04:00:00.000Z');
    expect(() => parseHoiioDate('2023-02-29 12:00:00')).toThrow(WireFormatError);
  });

  it.each([
    '',
    '2024-05-01',
    '2024-05-01T10:00:00',
    '2024-05-01 10:00:00Z',
    '2024-05-01 10:00:00+08:00',
    '2024-05-01 10:00:00.',
    '2024-5-01 10:00:00',
    ' 2024-05-01 10:00:00',
    '2024-13-01 10:00:00',
    '2024-04-31 10:00:00',
    '2024-05-01 24:00:00',
    '2024-05-01 10:60:00',
    '2024-05-01 10:00:60',
    '２０２４-05-01 10:00:00',
  ])('rejects %j', (text) => {
    expect(() => parseHoiioDate(text)).toThrow(WireFormatError);
  });
});

describe('formatHoiioDate', () => {
  it('formats in GMT+8 whatever the local zone', () => {
    expect(formatHoiioDate(new Date('2024-05-01T02:00:00.000Z'))).toBe('2024-05-01 10:00:00');
    expect(formatHoiioDate(new Date('2023-12-31T16:00:00.999Z'))).toBe('2024-01-01 00:00:00');
  });

  it('round-trips with parseHoiioDate', () => {
    const instant = '2031-08-15T19:45:07.000Z';
    expect(parseHoiioDate(formatHoiioDate(new Date(instant)))).toBe(instant);
  });

  it('throws on an invalid Date', () => {
    expect(() => formatHoiioDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('money', () => {
  it('keeps valid amounts as strings', () => {
    expect(parseMoney('0.029')).toBe('0.029');
    expect(parseMoney('-12.500')).toBe('-12.500');
  });

  it.each(['0.02', '0.0290', '1', '1.', '.029', '+1.000', '1e3', ' 0.029', '0,029', 'NaN'])('rejects %j', (text) => {
    expect(() => parseMoney(text)).toThrow(WireFormatError);
    expect(() => moneyToThousandths(text)).toThrow(WireFormatError);
  });

  it('converts to and from integer thousandths exactly', () => {
    expect(moneyToThousandths('0.029')).toBe(29);
    expect(moneyToThousandths('54.650')).toBe(54650);
    expect(moneyToThousandths('-0.005')).toBe(-5);
    expect(thousandthsToMoney(29)).toBe('0.029');
    expect(thousandthsToMoney(140)).toBe('0.140');
    expect(thousandthsToMoney(-5)).toBe('-0.005');
    expect(thousandthsToMoney(0)).toBe('0.000');
    expect(thousandthsToMoney(-0)).toBe('0.000');
  });

  it('sums without float drift (0.1 + 0.2 style)', () => {
    const total = ['0.100', '0.200', '0.029', '0.029', '0.029'].map(moneyToThousandths).reduce((a, b) => a + b, 0);
    expect(thousandthsToMoney(total)).toBe('0.387');
  });

  it('refuses non-integer or unsafe thousandths', () => {
    expect(() => thousandthsToMoney(1.5)).toThrow(RangeError);
    expect(() => thousandthsToMoney(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => moneyToThousandths('9007199254740992.000')).toThrow(WireFormatError);
  });
});

describe('parseIntStrict', () => {
  it('reads non-negative integer strings', () => {
    expect(parseIntStrict('0')).toBe(0);
    expect(parseIntStrict('7')).toBe(7);
    expect(parseIntStrict('3448')).toBe(3448);
  });

  it.each(['', '-1', '+1', '1.0', '1e3', ' 1', '0x10', '١', '1234567890123456'])('rejects %j', (text) => {
    expect(() => parseIntStrict(text)).toThrow(WireFormatError);
  });
});

describe('zod fields', () => {
  it('transform valid values and report invalid ones as issues', () => {
    expect(HoiioDateSchema.parse('2024-05-01 10:00:00')).toBe('2024-05-01T02:00:00.000Z');
    expect(HoiioIntSchema.safeParse('x').success).toBe(false);
    expect(HoiioIntSchema.parse('12')).toBe(12);
  });
});
