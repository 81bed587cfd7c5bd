import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type { CountryCode };

export type NormalizeResult =
  | { ok: true; e164: string; country: CountryCode | undefined }
  | { ok: false; reason: 'empty' | 'not_a_number' | 'invalid' };

/**
 * Turns what a person typed or an address book stored ("(415) 555-0100", "+65 8123 4567",
 * "tel:+1-415-555-0100") into E.164, using `defaultCountry` for national numbers.
 * Accepts numbers libphonenumber considers *possible* (the Hoiio sandbox uses the same
 * rule), so short test numbers such as +6511111111 still work.
 */
export function normalizePhoneNumber(text: string, defaultCountry?: CountryCode): NormalizeResult {
  const trimmed = text.trim().replace(/^tel:/i, '').split(';')[0]!.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (!/\d/.test(trimmed) || /[^\d\s()+\-./\u00a0]/.test(trimmed)) return { ok: false, reason: 'not_a_number' };
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible()) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** Formats an E.164 number for display ("+1 415 555 0100"); returns the input if unparseable. */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** The digits of a number only, for "any part of any number" search. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '');
}
