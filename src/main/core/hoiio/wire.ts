/**
 * Hoiio wire conversions (hoiio-api.md §1 and §8): every scalar arrives as a string, dates are
 * GMT+8 without a zone, money has exactly 3 decimals and must never become a float.
 * Each parser throws WireFormatError on anything it does not recognise: a protocol error.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

/** A value from Hoiio (or a notification) that does not have the documented format. */
export class WireFormatError extends AppError {
  constructor(what: string, value: string) {
    // Values are shown truncated: they come from outside and may be arbitrarily long.
    super('network', `Hoiio sent an unreadable ${what}: ${JSON.stringify(value.slice(0, 64))}`, { what });
    this.name = 'WireFormatError';
  }
}

const HOIIO_OFFSET_MS = 8 * 60 * 60 * 1000; // GMT+8, Singapore, no daylight saving
const HOIIO_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/;
const MONEY = /^(-?)(\d+)\.(\d{3})$/;
const NON_NEGATIVE_INT = /^\d{1,15}$/; // 15 digits always fit a safe integer

/** `2024-05-01 10:00:00` (GMT+8, optional `.digits` ignored) -> `2024-05-01T02:00:00.000Z`. */
export function parseHoiioDate(text: string): string {
  const match = HOIIO_DATE.exec(text);
  if (!match) throw new WireFormatError('date', text);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallClock = new Date(0);
  wallClock.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years < 100 literal
  wallClock.setUTCHours(hour, minute, second, 0);
  // Date silently rolls 2024-02-30 over to March: a round trip exposes impossible dates.
  const roundTrips =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === month - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second;
  if (!roundTrips) throw new WireFormatError('date', text);
  return new Date(wallClock.getTime() - HOIIO_OFFSET_MS).toISOString();
}

/** Formats an instant as Hoiio's GMT+8 `YYYY-MM-DD HH:mm:ss`, whatever the local time zone. */
export function formatHoiioDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('formatHoiioDate: invalid Date');
  const gmt8 = new Date(time + HOIIO_OFFSET_MS);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const day = `${pad(gmt8.getUTCFullYear(), 4)}-${pad(gmt8.getUTCMonth() + 1)}-${pad(gmt8.getUTCDate())}`;
  return `${day} ${pad(gmt8.getUTCHours())}:${pad(gmt8.getUTCMinutes())}:${pad(gmt8.getUTCSeconds())}`;
}

/** Validates a money string (`0.029`, `-1.500`) and returns it unchanged. */
export function parseMoney(text: string): string {
  if (!MONEY.test(text)) throw new WireFormatError('amount', text);
  return text;
}

/** `"1.234"` -> `1234`, exactly (integer thousandths: sums stay exact). */
export function moneyToThousandths(text: string): number {
  const match = MONEY.exec(text);
  if (!match) throw new WireFormatError('amount', text);
  const [, sign, whole, fraction] = match as unknown as [string, string, string, string];
  const magnitude = Number(whole) * 1000 + Number(fraction);
  if (!Number.isSafeInteger(magnitude)) throw new WireFormatError('amount', text);
  return sign === '-' ? -magnitude : magnitude;
}

/** `1234` -> `"1.234"`; `-5` -> `"-0.005"`. */
export function thousandthsToMoney(thousandths: number): string {
  if (!Number.isSafeInteger(thousandths))
    throw new RangeError(`thousandthsToMoney: not a safe integer: ${thousandths}`);
  const magnitude = Math.abs(thousandths);
  const text = `${Math.floor(magnitude / 1000)}.${String(magnitude % 1000).padStart(3, '0')}`;
  return thousandths < 0 ? `-${text}` : text;
}

/** `"7"` -> `7`. Only non-negative decimal integer strings; no sign, spaces, exponent or fraction. */
export function parseIntStrict(text: string): number {
  if (!NON_NEGATIVE_INT.test(text)) throw new WireFormatError('number', text);
  return Number(text);
}

/** Adapts a throwing parser into a zod transform, so response schemas can use it. */
function wireField<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

/** zod fields for Hoiio responses and notifications. */
export const HoiioDateSchema = wireField(parseHoiioDate);
export const HoiioMoneySchema = wireField(parseMoney);
export const HoiioIntSchema = wireField(parseIntStrict);
