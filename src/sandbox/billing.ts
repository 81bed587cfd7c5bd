/**
 * Money in integer thousandths of the account currency (hoiio-api.md §1: exact sums, 3 decimals on the
 * wire) and the sandbox rate table (§7.4).
 */
import { callingCodeOf } from './numbers.ts';

/** USD per minute per leg, in thousandths, by country calling code (§7.4). */
const RATE_BY_CALLING_CODE: ReadonlyMap<string, number> = new Map([
  ['65', 15],
  ['1', 14],
  ['44', 20],
  ['61', 25],
  ['852', 18],
  ['60', 22],
]);
const OTHER_RATE = 50;

/** Per-minute rate of one leg, in thousandths. */
export function legRate(e164: string): number {
  return RATE_BY_CALLING_CODE.get(callingCodeOf(e164)) ?? OTHER_RATE;
}

/** Per-minute rate of a call: both legs summed (doc: seed, Charges). */
export function callRate(dest1: string, dest2: string): number {
  return legRate(dest1) + legRate(dest2);
}

/** Whole minutes `balance` pays for at `rate` (get_rate `talktime`); 0 when the balance is not positive. */
export function talktimeMinutes(balance: number, rate: number): number {
  if (balance <= 0 || rate <= 0) return 0;
  return Math.floor(balance / rate);
}

/** Billed minutes for a talk time: per-minute blocks rounded up (§4). */
export function billedMinutes(talkSeconds: number): number {
  return talkSeconds > 0 ? Math.ceil(talkSeconds / 60) : 0;
}

const DECIMAL = /^(-?)(\d{1,12})(?:\.(\d{1,3}))?$/;

// The emulator keeps its own money parsing on purpose (not src/main/core/hoiio/wire.ts): it must stay
// independent of the client it tests, so a bug in the client's conversion cannot hide in both.
/** Parses a decimal with at most 3 decimals ("100", "0.5", "54.650") into thousandths, or null. */
export function parseMoney(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = Number(m[2]) * 1000 + Number((m[3] ?? '').padEnd(3, '0'));
  return m[1] === '-' ? -whole : whole;
}

/** Formats thousandths with exactly 3 decimals: 29 → "0.029", -1500 → "-1.500". */
export function formatMoney(thousandths: number): string {
  const sign = thousandths < 0 ? '-' : '';
  const abs = Math.abs(thousandths);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
