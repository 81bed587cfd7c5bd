/**
 * Whole numbers typed by a person (Settings → Maximum call length, Team → Port, the Dialer's limit)
 * are read strictly: digits only, in range. Number() would take "1e3" as 1000 and "-1" as −1,
 * parseInt "12abc" as 12.
 */
import { describe, expect, it } from 'vitest';
import { englishErrorMessage } from '../../src/shared/error-messages.ts';
import { readWholeNumber } from '../../src/shared/whole-number.ts';

const minutes = { min: 1, max: 1440 };

describe('readWholeNumber', () => {
  it('reads digits, ignoring spaces around them and leading zeros', () => {
    expect(readWholeNumber('12', minutes)).toEqual({ ok: true, value: 12 });
    expect(readWholeNumber(' 007 ', minutes)).toEqual({ ok: true, value: 7 });
    expect(readWholeNumber('1440', minutes)).toEqual({ ok: true, value: 1440 });
  });

  it.each(['12abc', '1e3', '-1', '+3', '1.5', '1,000', '0x10', 'Infinity', '１２', '1 2', ' '])(
    'refuses %j as not a whole number',
    (text) => {
      const read = readWholeNumber(text, minutes);
      expect(read).toMatchObject({ ok: false, key: 'wholeNumber.notWhole' });
    },
  );

  it('refuses numbers outside the range, however many digits', () => {
    expect(readWholeNumber('0', minutes)).toMatchObject({ ok: false, key: 'wholeNumber.outOfRange' });
    expect(readWholeNumber('1441', minutes)).toMatchObject({ ok: false, key: 'wholeNumber.outOfRange' });
    expect(readWholeNumber('9'.repeat(40), minutes)).toMatchObject({ ok: false, key: 'wholeNumber.outOfRange' });
  });

  it('words each refusal with the text quoted and the range', () => {
    const notWhole = readWholeNumber('12abc', minutes);
    if (notWhole.ok) throw new Error('expected a refusal');
    expect(englishErrorMessage(notWhole.key, notWhole.params)).toBe(
      '“12abc” is not a whole number. Type digits only (0–9), from 1 to 1440: no letters, signs, decimals or exponents.',
    );
    const tab = readWholeNumber('1\t2', minutes);
    if (tab.ok) throw new Error('expected a refusal');
    expect(tab.params.text).toBe('1⟨tab⟩2');
    const high = readWholeNumber('70000', { min: 1, max: 65_535 });
    if (high.ok) throw new Error('expected a refusal');
    expect(englishErrorMessage(high.key, high.params)).toBe(
      '70000 is out of range. Type a whole number from 1 to 65535.',
    );
  });
});
