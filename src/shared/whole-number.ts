/**
 * Reading a whole number a person typed (a setting in minutes, a port): strictly digits.
 * `Number()` and `parseInt()` are not used on typed text: `Number("1e3")` is 1000,
 * `Number("0x10")` 16, `parseInt("12abc")` 12 and `Number("-1")` −1, each a value the person
 * did not mean. Surrounding spaces are ignored; anything else than ASCII digits 0–9 is refused.
 */
import { quoteInput } from './visible-text.ts';

/** The longest run of digits read (beyond it a value is out of any range we use, and not exact as a double). */
const MAX_DIGITS = 15;

export type WholeNumberReading =
  | { readonly ok: true; readonly value: number }
  | {
      readonly ok: false;
      /** Error catalogue key (`error.<key>`): `wholeNumber.notWhole` or `wholeNumber.outOfRange`. */
      readonly key: 'wholeNumber.notWhole' | 'wholeNumber.outOfRange';
      /** `text`: the input quoted with hidden characters shown; `min`, `max`: the range, inclusive. */
      readonly params: { readonly text: string; readonly min: number; readonly max: number };
    };

/**
 * Reads `text` as a whole number from `range.min` to `range.max` (inclusive). Refuses "12abc",
 * "1e3", "-1", "1.5", "+3", "0x10", " " with `wholeNumber.notWhole`, and a number outside the
 * range with `wholeNumber.outOfRange`. The caller decides what an empty field means before calling.
 */
export function readWholeNumber(
  text: string,
  range: { readonly min: number; readonly max: number },
): WholeNumberReading {
  const trimmed = text.trim();
  const params = { text: quoteInput(text.trim() === '' ? text : trimmed), min: range.min, max: range.max };
  if (!/^[0-9]+$/.test(trimmed)) return { ok: false, key: 'wholeNumber.notWhole', params };
  const digits = trimmed.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return { ok: false, key: 'wholeNumber.outOfRange', params };
  const value = Number(digits);
  if (value < range.min || value > range.max) return { ok: false, key: 'wholeNumber.outOfRange', params };
  return { ok: true, value };
}
