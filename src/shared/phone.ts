/**
 * Phone numbers: the one place the app's number rules are defined.
 *
 * Two rules, each defined once here and used everywhere (zod schemas in src/shared, the core,
 * the sandbox):
 * - **well-formed E.164 to store and show** (`isWellFormedE164`, `E164Schema`): `+`, a non-zero
 *   digit, 7 to 15 digits in all (ITU-T E.164 caps a number at 15 digits);
 * - **dialable through Hoiio** (`isDialableThroughHoiio`): hoiio-api.md §7.3, `^\+[1-9][0-9]{7,14}$`
 *   and libphonenumber-js `isPossiblePhoneNumber()` (the possible-length check, not validity, so
 *   the docs' `+6511111111` passes); +881/+882/+883 skip the library check so that they reach
 *   "not supported" (`isNotServedByHoiio`).
 *
 * What people type or paste is read by libphonenumber-js (`normalizePhoneNumber`), after removing
 * only invisible formatting characters (Unicode general category Cf: bidi marks, zero-width
 * spaces and joiners, BOM) and reading tabs and other spaces as spaces (`cleanPhoneText`); never
 * by an ASCII whitelist, so full-width and other non-ASCII digits are read as digits. A character
 * no phone can dial (#, *, letters, other punctuation) is refused by name and position first
 * (`findUndiallableCharacter`). Code that reads a number to CALL or to keep (the Dialer, the
 * core, Settings, tel: links, contacts, imports, the clipboard) goes through
 * `interpretDestination` (destination.ts), which adds Hoiio's dialable rule to this reading.
 */
import {
  getCountries,
  parseIncompletePhoneNumber,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js';
import { z } from 'zod';

export type { CountryCode };

/** Well-formed E.164 to store and show: `+`, a non-zero digit, 7–15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
/** hoiio-api.md §7.3: the shape of a number Hoiio dials (8–15 digits). */
const HOIIO_DIALABLE_PATTERN = /^\+[1-9]\d{7,14}$/;
/** hoiio-api.md §7.3: international networks Hoiio does not serve. */
const NOT_SERVED_BY_HOIIO = /^\+88[123]/;

/** True when `text` is a well-formed E.164 number (the rule for storing and showing numbers). */
export function isWellFormedE164(text: string): boolean {
  return E164_PATTERN.test(text);
}

/** The zod form of the store-and-show rule, for every contract schema that carries a number. */
export const E164Schema = z.string().regex(E164_PATTERN, 'phone.notE164');

/**
 * Dialable through Hoiio (hoiio-api.md §7.3): the §7.3 pattern and libphonenumber's
 * possible-length check; +881/+882/+883 skip the library check (its metadata rejects many of
 * them, and they must reach "not supported" instead).
 */
export function isDialableThroughHoiio(e164: string): boolean {
  if (!HOIIO_DIALABLE_PATTERN.test(e164)) return false;
  return isNotServedByHoiio(e164) || parsePhoneNumberFromString(e164)?.isPossible() === true;
}

/** Country calling codes 881, 882 and 883 (international networks): Hoiio does not serve them (§7.3). */
export function isNotServedByHoiio(e164: string): boolean {
  return NOT_SERVED_BY_HOIIO.test(e164);
}

/** Why text is not one phone number; each is an error catalogue key `phone.<reason>`. */
export type PhoneProblem =
  | 'empty'
  | 'notANumber'
  /** A character no phone can dial (#, *, a comma, !, a line break…), named with its position (`character`). */
  | 'undiallable'
  /** A vanity number (1-800-FLOWERS): letters are not converted; `character.keypad` has its digits as a hint. */
  | 'letters'
  | 'notPossible'
  /** National digits and no default country to read them with. */
  | 'needsCountryCode'
  /** National digits (no +code) that are not a valid number of the default country (item 4 of issue 9). */
  | 'notValidForCountry';

export interface ParsedPhone {
  readonly e164: string;
  /** The extension (`;ext=`, `x`, `ext.`), digits only; Hoiio cannot dial it, so it is kept beside the number. */
  readonly extension: string | null;
  readonly country: CountryCode | undefined;
  /**
   * libphonenumber's validity check. A number written with its +code that is possible but not
   * valid is accepted (the sandbox contract does, §7.3) and carries this as a warning.
   */
  readonly valid: boolean;
}

export type NormalizeResult =
  | ({ ok: true } & ParsedPhone)
  | {
      ok: false;
      reason: PhoneProblem;
      /** For `notValidForCountry`: the one number of another country the text is unambiguously written as, if any. */
      suggestions: string[];
      /** For `undiallable` and `letters`: the first character that cannot be dialled. */
      character?: UndiallableCharacter;
    };

/** The first character of a text that cannot be dialled, as `findUndiallableCharacter` reports it. */
export interface UndiallableCharacter {
  /** The character itself (one code point). */
  readonly text: string;
  /** 1-based, counted in code points of the text as typed after trimming (invisible characters count). */
  readonly position: number;
  /** For a vanity number's letter: the text with every letter replaced by its ITU-T E.161 keypad digit ("1-800-3569377"); else null. */
  readonly keypad: string | null;
}

/** Unicode Cf (format) characters: invisible, carried in by copy and paste (U+202C, U+200E, U+200B, U+FEFF…). */
const INVISIBLE_FORMATTING = /\p{Cf}/gu;
/** Spaces other than U+0020 (no-break, thin, ideographic: Zs) and the tab: separators between digit groups. */
const OTHER_SPACES = /[\t\p{Zs}]/gu;

/** A country code written in parentheses at the start ("(+65) 8123-4567"), after NFKC and digit folding. */
const BRACKETED_COUNTRY_CODE = /^\(\s*\+\s*([1-9]\d{0,2})\s*\)/;

/**
 * What is removed or evened out before a number is read, because it is harmless and common in
 * pasted numbers (web pages, spreadsheets, chat apps): invisible formatting (Cf: zero-width
 * spaces, bidi marks, BOM) is removed; a tab or any other space (no-break, thin, ideographic) is
 * read as a space; leading and trailing whitespace, line breaks included, is trimmed. A line
 * break or other control character INSIDE the text is kept, and refused by name
 * (`findUndiallableCharacter`): it usually means two lines, i.e. more than one number.
 * Then every form of a digit or sign reads as its ASCII form: full-width and other compatibility
 * forms by NFKC ("＋６５" → "+65"), the decimal digits of every other script by their value
 * ("٨١٢٣", "۸۱۲۳" → "8123"), so a number, its extension and its country code read the same
 * whatever digits were typed. A country code in parentheses at the start, as many write it
 * ("(+65) 8123-4567"), reads as the code ("+65 8123-4567").
 */
export function cleanPhoneText(text: string): string {
  const even = text.replace(INVISIBLE_FORMATTING, '').replace(OTHER_SPACES, ' ').trim();
  return asciiDigits(even.normalize('NFKC')).replace(BRACKETED_COUNTRY_CODE, '+$1 ');
}

/**
 * Every Unicode decimal digit (Nd) as its ASCII digit. Unicode assigns decimal digits only in
 * runs of ten, 0 to 9, in order (a stability policy), and runs may follow one another (the five
 * mathematical digit sets): a digit's value is its distance from the start of its block, mod 10.
 */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    let start = code;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
    return String((code - start) % 10);
  });
}

/**
 * An extension marker after the number's digits, as libphonenumber reads it and issue 9 lists it
 * (";ext=", "x", "ext", "ext.", "extn", "extension"), followed by digits: the letters and the "="
 * of the marker are not "undiallable characters" (what follows it is checked as usual).
 */
const EXTENSION_MARKER = /(?:;\s*ext\s*=|,?\s*(?:ext(?:ension|n)?\.?:?|[xｘ]))\s*(?=\p{Nd})/iuy;
/** RFC 3966 scheme before the number ("tel:+1-201-555-0123"). */
const TEL_PREFIX = /^tel:/i;
/** Visual separators people write between digit groups (after NFKC, so full-width forms count). */
const SEPARATORS = new Set(['-', '.', '(', ')', '/', ' ']);
/** Dashes libphonenumber reads as separators that are not Unicode Pd (minus sign, katakana long mark). */
const OTHER_DASHES = new Set(['\u2212', '\u30FC']);
/** ITU-T E.161 keypad: the digit under each Latin letter. */
const E161_KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, index) =>
    [...letters].map((letter) => [letter, String(index + 2)]),
  ),
);

/**
 * The first character of `text` (as typed; trimmed here) that no phone can dial, or null. Allowed:
 * decimal digits of any script (libphonenumber reads them), one leading "+" (any width), spaces
 * and tabs, the separators - . ( ) / and dashes (any width), invisible formatting (removed before
 * reading, `cleanPhoneText`), a leading "tel:", and an extension marker at the end with its
 * digits. Everything else is named: #, *, letters, commas, other punctuation, line breaks and
 * control characters. Text without any digit returns null (it is not a number at all: a name or
 * a sentence, refused as `notANumber`). Position: 1-based code points of the trimmed text. A
 * letter of a vanity number (`VANITY_NUMBER`) carries its keypad digits (`keypad`).
 */
export function findUndiallableCharacter(text: string): UndiallableCharacter | null {
  const typed = text.trim();
  if (!/\p{Nd}/u.test(typed)) return null;
  let digitSeen = false;
  let extensionSeen = false;
  let index = TEL_PREFIX.test(typed) ? 4 : 0; // UTF-16 index into `typed`
  let position = index; // code points before `index` (the prefix is ASCII)
  while (index < typed.length) {
    const character = String.fromCodePoint(typed.codePointAt(index) ?? 0);
    const markerEnd = digitSeen && !extensionSeen ? markerEndAt(typed, index) : null;
    if (markerEnd !== null) {
      // An extension marker: its letters (and ";ext=") are read by libphonenumber, not dialled.
      position += [...typed.slice(index, markerEnd)].length;
      index = markerEnd;
      extensionSeen = true;
      continue;
    }
    position += 1;
    if (/\p{Nd}/u.test(character)) digitSeen = true;
    else if (!isSeparatorOrPlus(character, digitSeen)) {
      return { text: character, position, keypad: /\p{L}/u.test(character) ? vanityKeypad(typed) : null };
    }
    index += character.length;
  }
  return null;
}

/** Where an extension marker starting at `index` ends (UTF-16 index), or null when none starts there. */
function markerEndAt(text: string, index: number): number | null {
  EXTENSION_MARKER.lastIndex = index;
  return EXTENSION_MARKER.test(text) ? EXTENSION_MARKER.lastIndex : null;
}

function isSeparatorOrPlus(character: string, digitSeen: boolean): boolean {
  if (/\p{Cf}/u.test(character) || character === '\t' || /\p{Zs}/u.test(character)) return true;
  const folded = character.normalize('NFKC');
  if (folded === '+') return !digitSeen;
  return SEPARATORS.has(folded) || /\p{Pd}/u.test(character) || OTHER_DASHES.has(character);
}

/**
 * A vanity number as businesses write them: digits first, then capital letters, possibly mixed
 * with digits and joined by - or . ("1-800-FLOWERS", "+1 800 GOT-JUNK", "0800 FLOWERS").
 * Lowercase words or letters before the digits are prose ("abc 81234567", "81234567 (mobile)").
 */
const VANITY_NUMBER = /^\+?\d[\d\s\-.()/]*[A-Z][A-Z\d\-.]*$/;

/**
 * A vanity number's keypad digits ("1-800-FLOWERS" → "1-800-3569377"), or null when the text is
 * not shaped like one (`VANITY_NUMBER`). Shown as a hint, never dialled by itself: issue 9 refuses
 * text with letters ("abc 81234567"), and a guessed conversion would be dialled and billed.
 */
function vanityKeypad(text: string): string | null {
  if (!VANITY_NUMBER.test(text)) return null;
  return text.replace(/[A-Za-z]/g, (letter) => E161_KEYPAD[letter.toUpperCase()] ?? letter);
}
/** RFC 3966 scheme, as address books store numbers ("tel:+1-201-555-0123;ext=1234"). */
const TEL_SCHEME = /^tel:/i;

/**
 * Reads what a person typed or an address book stored ("(415) 555-0100", "+65 8123 4567",
 * "＋８１ ９０−５５５５−０１２３", "+1 650 555 0136 ext. 136", "tel:+1-201-555-0123;ext=1234") as
 * ONE phone number, using `defaultCountry` for national numbers. The whole text must be the
 * number (no extraction: "call me at +1 213 555 0142 tomorrow" is refused). Accepts what
 * libphonenumber calls possible; a national number must also be valid in `defaultCountry`
 * (otherwise `notValidForCountry`, with suggestions when the digits are valid elsewhere).
 */
export function normalizePhoneNumber(text: string, defaultCountry?: CountryCode): NormalizeResult {
  const cleaned = cleanPhoneText(text).replace(TEL_SCHEME, '').trim();
  if (cleaned === '') return failure('empty');
  // Before any reading (and so before any country-code reasoning): "9123-4567#" is about the "#".
  const character = findUndiallableCharacter(text);
  if (character) return { ok: false, reason: character.keypad ? 'letters' : 'undiallable', suggestions: [], character };
  let parsed = parseWhole(cleaned, defaultCountry);
  // "00" + a country code ("0065 8111 2222"): the international call prefix of most countries, read as "+"
  // when the default country does not read the digits as a valid number of its own (libphonenumber already
  // strips that country's own international prefix, e.g. "011" in the US, "001" in Singapore).
  const afterDoubleZero = withDoubleZeroAsPlus(cleaned);
  if (afterDoubleZero !== null && parsed?.isValid() !== true) {
    const international = parseWhole(afterDoubleZero, undefined);
    if (international?.isPossible()) parsed = international;
  }
  if (!parsed) {
    const national = defaultCountry === undefined && !writtenInternationally(cleaned);
    return failure(national && parseWhole(cleaned, 'US') !== undefined ? 'needsCountryCode' : 'notANumber');
  }
  const possible = parsed.isPossible();
  const valid = possible && parsed.isValid();
  if (!valid && !writtenInternationally(cleaned)) {
    // Written with the default country's own trunk prefix ("07700 900123" in GB): meant as that country's.
    const withTrunkPrefix = possible && parsed.nationalNumber !== phoneDigits(cleaned);
    const suggestions = withTrunkPrefix ? [] : suggestCountries(cleaned, defaultCountry);
    return { ok: false, reason: 'notValidForCountry', suggestions };
  }
  if (!possible) return failure('notPossible');
  return { ok: true, e164: parsed.number, extension: parsed.ext ?? null, country: parsed.country, valid };
}

function parseWhole(text: string, defaultCountry: CountryCode | undefined): PhoneNumber | undefined {
  return parsePhoneNumberFromString(text, { defaultCountry, extract: false });
}

function failure(reason: PhoneProblem): NormalizeResult {
  return { ok: false, reason, suggestions: [] };
}

/** Written with its country code: `+` (any width) or the international prefix `00`. */
function writtenInternationally(text: string): boolean {
  const first = text.normalize('NFKC').replace(/^[\s(]+/, '');
  return first.startsWith('+') || /^00[\s\-.]*[1-9]/.test(first);
}

/** "00 65 8111 2222" as "+65 8111 2222" (the `00` international prefix, spaces after it allowed); null otherwise. */
function withDoubleZeroAsPlus(text: string): string | null {
  const first = text.normalize('NFKC').replace(/^[\s(]+/, '');
  const match = /^00[\s\-.]*([1-9].*)$/.exec(first);
  return match ? `+${match[1]}` : null;
}

/**
 * The numbers national digits stand for in other countries, when the text is written exactly as
 * such a country writes its own numbers (libphonenumber's national format, spacing ignored:
 * "(415) 555-0100" is how the US writes it, "020 7946 0018" how the UK does). Digits that merely
 * happen to be valid somewhere are not suggested, nor is anything when several countries' numbers
 * match ("020 7946 0018" is written alike in the UK, Austria, Finland and China): a wrong
 * suggestion would be dialled and billed. So: one number, or none.
 */
function suggestCountries(text: string, defaultCountry: CountryCode | undefined): string[] {
  const typed = text.normalize('NFKC').replace(/\s+/g, '');
  const suggestions = new Set<string>();
  for (const country of getCountries()) {
    if (country === defaultCountry) continue;
    const candidate = parseWhole(text, country);
    if (candidate?.isValid() && candidate.formatNational().replace(/\s+/g, '') === typed) {
      suggestions.add(candidate.number);
    }
  }
  return suggestions.size === 1 ? [...suggestions] : [];
}

/** Formats an E.164 number for display ("+1 415 555 0100"); returns the input if unparseable. */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** The number and the country it belongs to, as the Dialer shows it before Call ("+1 415 555 0100", "US"). */
export function describeDialledNumber(e164: string): { formatted: string; country: CountryCode | undefined } {
  const parsed = parsePhoneNumberFromString(e164);
  return { formatted: parsed?.formatInternational() ?? e164, country: parsed?.country };
}

/**
 * True for text that reads as a name search: it holds a letter ("Piz", "Person 1", "call mom"). The Dialer
 * suggests contacts for it and shows no dialling problem until Call is pressed (a number with a written
 * extension, "+65 8123 4567 x12", is read as the number it is before this question arises).
 */
export function readsAsName(text: string): boolean {
  return /\p{L}/u.test(text);
}

/**
 * True for search input that can only be a (part of a) phone number: "+1 415", "(415) 555-01".
 * Text with letters is a name or company search (never read as keypad digits).
 */
export function isPhoneLike(query: string): boolean {
  const text = cleanPhoneText(query); // digits of any script read as ASCII ones
  return /\d/.test(text) && /^[\d\s()+\-./]+$/.test(text);
}

/** The digits of a number only (non-ASCII digits read as digits), for "any part of any number" search. */
export function phoneDigits(text: string): string {
  return parseIncompletePhoneNumber(cleanPhoneText(text)).replace(/\D/g, '');
}
