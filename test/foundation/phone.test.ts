/**
 * src/shared/phone.ts: the two number rules and reading what people paste (issue 9 items 2 and 4).
 * Extra inputs beyond the issue's examples come from libphonenumber's own test suite (full-width
 * and Arabic-Indic digits, "ext."/"x"/";ext=" extension markers), RFC 3966 (`;ext=`) and the
 * Unicode Cf characters that web pages and chat apps put around numbers (bidi marks, BOM, soft hyphen).
 */
import { describe, expect, it } from 'vitest';
import {
  E164Schema,
  isDialableThroughHoiio,
  isNotServedByHoiio,
  isWellFormedE164,
  isPhoneLike,
  normalizePhoneNumber,
  phoneDigits,
} from '../../src/shared/phone.ts';
import { isValidE164 } from '../../src/sandbox/numbers.ts';

describe('item 2: numbers with invisible formatting and non-ASCII digits are read, not refused', () => {
  const read: [string, string | undefined, string, string | null][] = [
    // The issue's examples.
    ['+1 385 555 0137\u202C', 'SG', '+13855550137', null],
    ['＋８１ ９０−５５５５−０１２３', 'JP', '+819055550123', null],
    ['+1 650 555 0136 x136', 'SG', '+16505550136', '136'],
    ['+1 650 555 0136 ext. 136', 'SG', '+16505550136', '136'],
    // More of the kind: bidi marks from right-to-left pages, a BOM, a soft hyphen, a zero-width space.
    ['\u200E+44 20 7946 0018\u200F', 'SG', '+442079460018', null],
    ['\uFEFF+65 8123 4567', 'US', '+6581234567', null],
    ['+65\u00AD8123\u00AD4567', 'US', '+6581234567', null],
    ['8123\u200B4567', 'SG', '+6581234567', null],
    // Arabic-Indic digits (libphonenumber's PhoneNumberUtilTest) and an RFC 3966 extension.
    ['+٩٧١ ٥٠ ١٢٣ ٤٥٦٧', 'SG', '+971501234567', null],
    ['+1 650 555 0136;ext=136', 'SG', '+16505550136', '136'],
    ['(650) 555-0136 ext 136', 'US', '+16505550136', '136'],
    ['tel:+1-201-555-0123;ext=1234', 'SG', '+12015550123', '1234'],
  ];
  for (const [text, country, e164, extension] of read) {
    it(`reads ${JSON.stringify(text)} as ${e164}${extension ? ` ext ${extension}` : ''}`, () => {
      expect(normalizePhoneNumber(text, country as 'SG')).toMatchObject({ ok: true, e164, extension });
    });
  }

  // Still refused (issue 9 item 2); since the t9 follow-up the first character that cannot be dialled is named.
  const refused: [string, string, { text: string; position: number } | undefined][] = [
    ['call me at +1 213 555 0142 tomorrow', 'undiallable', { text: 'c', position: 1 }],
    ['abc 81234567', 'undiallable', { text: 'a', position: 1 }],
    ['+1 213 555 0142 or +1 213 555 0143', 'undiallable', { text: 'o', position: 17 }],
    ['81234567 (mobile)', 'undiallable', { text: 'm', position: 11 }],
    ['call mom', 'notANumber', undefined],
    ['\u202C\u200E', 'empty', undefined],
  ];
  for (const [text, reason, character] of refused) {
    it(`refuses ${JSON.stringify(text)} as more (or less) than one number: ${reason}`, () => {
      const result = normalizePhoneNumber(text, 'SG');
      expect(result).toMatchObject({ ok: false, reason });
      expect(result.ok ? undefined : result.character).toEqual(character && { ...character, keypad: null });
    });
  }

  // Fault 6: a country code in parentheses, and every script's digits read as full-width ones are.
  const sameNumber: [string, string, string, string | null][] = [
    ['(+65) 8123-4567', 'US', '+6581234567', null],
    ['(+65)81234567', 'US', '+6581234567', null],
    ['( +1 ) 415 555 0100', 'SG', '+14155550100', null],
    ['（＋６５）８１２３－４５６７', 'US', '+6581234567', null],
    ['(+٦٥) ٨١٢٣-٤٥٦٧', 'US', '+6581234567', null],
    // Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9), national and international.
    ['٨١٢٣ ٤٥٦٧', 'SG', '+6581234567', null],
    ['۸۱۲۳ ۴۵۶۷', 'SG', '+6581234567', null],
    ['+۶۵ ۸۱۲۳ ۴۵۶۷', 'US', '+6581234567', null],
    ['٠٢٠ ٧٩٤٦ ٠٠١٨', 'GB', '+442079460018', null],
    // The extension comes out in ASCII digits, as the contract's extension field requires.
    ['+65 8123 4567 x١٢', 'US', '+6581234567', '12'],
    ['+65 8123 4567 x۱۲', 'US', '+6581234567', '12'],
    ['+65 8123 4567 x１２', 'US', '+6581234567', '12'],
  ];
  for (const [text, country, e164, extension] of sameNumber) {
    it(`reads ${JSON.stringify(text)} in ${country} as ${e164}${extension ? ` ext ${extension}` : ''}`, () => {
      expect(normalizePhoneNumber(text, country as 'SG')).toEqual({
        ok: true,
        e164,
        extension,
        country: expect.any(String),
        valid: true,
      });
    });
  }

  it('Arabic-Indic digits get the same answer as full-width ones, refusals and suggestions included', () => {
    const fullWidth = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
    const arabic = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCodePoint(0x0660 + Number(d)));
    const persian = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCodePoint(0x06f0 + Number(d)));
    for (const ascii of ['(415) 555-0100', '0065 8123 4567', '081234567', '8123 40', '+881 2345 678']) {
      const expected = normalizePhoneNumber(ascii, 'SG');
      for (const form of [fullWidth, arabic, persian]) {
        expect(normalizePhoneNumber(form(ascii), 'SG'), form(ascii)).toEqual(expected);
      }
    }
    expect(isPhoneLike('٨١٢٣')).toBe(true);
    expect(isPhoneLike('８１２３')).toBe(true);
  });

  it('digit search reads the same digits', () => {
    expect(phoneDigits('＋８１ ９０−５５５５')).toBe('81905555');
    expect(phoneDigits('٠١٢٣')).toBe('0123');
  });
});

describe('item 4: national numbers not valid in the default country are refused, with a suggestion', () => {
  it('SG, "(415) 555-0100": not a Singapore number; did you mean +1 415 555 0100', () => {
    expect(normalizePhoneNumber('(415) 555-0100', 'SG')).toEqual({
      ok: false,
      reason: 'notValidForCountry',
      suggestions: ['+14155550100'],
    });
  });

  it('SG, "020 7946 0018": refused; written alike in the UK, Austria, Finland and China, so nothing is guessed', () => {
    expect(normalizePhoneNumber('020 7946 0018', 'SG')).toEqual({
      ok: false,
      reason: 'notValidForCountry',
      suggestions: [],
    });
  });

  it('US, "03-1234-5678" (written as Japan writes it): did you mean +81 3-1234-5678', () => {
    expect(normalizePhoneNumber('03-1234-5678', 'US')).toMatchObject({
      ok: false,
      reason: 'notValidForCountry',
      suggestions: ['+81312345678'],
    });
  });

  it('GB, "07700 900123" (Ofcom drama range, with the UK trunk prefix): refused, nothing suggested', () => {
    expect(normalizePhoneNumber('07700 900123', 'GB')).toEqual({
      ok: false,
      reason: 'notValidForCountry',
      suggestions: [],
    });
  });

  it('a number written with its +code that is possible but not valid is accepted with a warning (§7.3)', () => {
    expect(normalizePhoneNumber('+6511111111', 'SG')).toMatchObject({ ok: true, e164: '+6511111111', valid: false });
    expect(normalizePhoneNumber('+44 7700 900123', 'SG')).toMatchObject({ ok: true, valid: false });
    expect(normalizePhoneNumber('+65 8123 4567', 'US')).toMatchObject({ ok: true, valid: true, country: 'SG' });
  });
});

describe('the international call prefix: "00" (most countries) or the default country\'s own, then a country code', () => {
  it('"00" + a country code is read as "+" in any default country, spaces anywhere', () => {
    for (const country of ['SG', 'US', 'GB', 'MY', 'AU'] as const) {
      for (const typed of ['00658111 2222', '0065 8111 2222', '00 65 8111 2222', '006581112222']) {
        expect(normalizePhoneNumber(typed, country), `${country} ${typed}`).toMatchObject({
          ok: true,
          e164: '+6581112222',
          country: 'SG',
        });
      }
    }
    expect(normalizePhoneNumber('00 44 20 7946 0018', 'SG')).toMatchObject({ ok: true, e164: '+442079460018' });
  });

  it("the default country's own international prefix (libphonenumber's metadata) reads the same: 011 in the US, 001 in Singapore", () => {
    expect(normalizePhoneNumber('011 65 8111 2222', 'US')).toMatchObject({ ok: true, e164: '+6581112222' });
    expect(normalizePhoneNumber('001 1 415 555 0100', 'SG')).toMatchObject({ ok: true, e164: '+14155550100' });
  });

  it('a national number of the default country is still read as national, and "00" with no valid code is refused', () => {
    expect(normalizePhoneNumber('8111 2222', 'SG')).toMatchObject({ ok: true, e164: '+6581112222' });
    expect(normalizePhoneNumber('00 999 1234', 'SG')).toMatchObject({ ok: false });
  });
});

describe('the two number rules, each defined once', () => {
  it('well-formed E.164 to store and show: +, non-zero digit, 7–15 digits', () => {
    for (const good of ['+6591234', '+6591234567', '+123456789012345']) expect(isWellFormedE164(good)).toBe(true);
    for (const bad of ['6591234567', '+0591234567', '+659123', '+1234567890123456', '+65 9123 4567', '']) {
      expect(isWellFormedE164(bad)).toBe(false);
      expect(E164Schema.safeParse(bad).success).toBe(false);
    }
  });

  it('dialable through Hoiio (§7.3): 8–15 digits and possible; +881/2/3 pass through to "not supported"', () => {
    expect(isDialableThroughHoiio('+6511111111')).toBe(true);
    expect(isDialableThroughHoiio('+6591234')).toBe(false); // well-formed, but too short for Hoiio
    expect(isDialableThroughHoiio('+123')).toBe(false);
    expect(isDialableThroughHoiio('+8812345678')).toBe(true);
    expect(isNotServedByHoiio('+8812345678')).toBe(true);
  });

  it('the sandbox uses the same rule', () => {
    for (const text of ['+6511111111', '+6591234', '+8812345678', '+14155550100', '+1415555010', 'x']) {
      expect(isValidE164(text)).toBe(isDialableThroughHoiio(text));
    }
  });
});
