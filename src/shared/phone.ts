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
 * What people type or paste is read by libphonenumber-js (`parsePhoneInput`), after removing only
 * invisible formatting characters (Unicode general category Cf: bidi marks, zero-width joiners,
 * BOM); never by an ASCII whitelist, so full-width and other non-ASCII digits are read as digits.
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
    };

/** Unicode Cf (format) characters: invisible, carried in by copy and paste (U+202C, U+200E, U+FEFF…). */
const INVISIBLE_FORMATTING = /\p{Cf}/gu;
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
  const cleaned = text.replace(INVISIBLE_FORMATTING, '').trim().replace(TEL_SCHEME, '').trim();
  if (cleaned === '') return failure('empty');
  const parsed = parseWhole(cleaned, defaultCountry);
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
  return first.startsWith('+') || /^00[1-9]/.test(first);
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

/** The digits of a number only (non-ASCII digits read as digits), for "any part of any number" search. */
export function phoneDigits(text: string): string {
  return parseIncompletePhoneNumber(text.replace(INVISIBLE_FORMATTING, '')).replace(/\D/g, '');
}
