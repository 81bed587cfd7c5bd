/**
 * What a typed number to call means, as one pure function the Dialer (as you type) and the core
 * (before voice/call) both use: the number interpretation of phone.ts plus the "dialable through
 * Hoiio" rule (hoiio-api.md §7.3, §8 "Before sending"). The core turns a problem into the error
 * Hoiio would send (calls/destinations.ts); the Dialer words it from the same catalogue.
 */
import {
  isDialableThroughHoiio,
  isNotServedByHoiio,
  normalizePhoneNumber,
  type CountryCode,
  type PhoneProblem,
} from './phone.ts';

/** Why a number cannot be dialled: a phone.ts problem, or one of Hoiio's §7.3 rules. */
export type DestinationProblem =
  | PhoneProblem
  /** Read as a number, but not one Hoiio dials (§7.3: 8–15 digits and a possible length). */
  | 'notDialable'
  /** +881/+882/+883: international networks Hoiio does not serve (§7.3). */
  | 'notServed';

export type Destination =
  | {
      readonly ok: true;
      /** E.164, e.g. "+6581234567". */
      readonly e164: string;
      /** The extension written after the number (";ext=", "x", "ext."), digits only, or null. */
      readonly extension: string | null;
      /** ISO 3166-1 alpha-2 of the number, when libphonenumber knows it. */
      readonly country: CountryCode | undefined;
      /** libphonenumber's validity check; false = possible but may not exist (a warning, §7.3 accepts it). */
      readonly valid: boolean;
    }
  | {
      readonly ok: false;
      readonly problem: DestinationProblem;
      /** For `notValidForCountry`: the one E.164 number the digits are unambiguously written as, if any. */
      readonly suggestions: readonly string[];
      /** For `notServed`: the number as E.164 digits (what Hoiio's message names). */
      readonly e164: string | null;
    };

/**
 * Interprets `text` (as typed, pasted or stored) as a number to call, reading numbers without a
 * +country code as `defaultCountry`'s. Never throws.
 */
export function interpretDestination(text: string, defaultCountry: CountryCode | undefined): Destination {
  // +881/+882/+883 are refused as "not served" even where libphonenumber cannot read them (§7.3).
  const international = text
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .replace(/[^\d+]/g, '');
  if (isNotServedByHoiio(international)) return refused('notServed', international);
  const normalized = normalizePhoneNumber(text, defaultCountry);
  if (!normalized.ok) return { ok: false, problem: normalized.reason, suggestions: normalized.suggestions, e164: null };
  if (isNotServedByHoiio(normalized.e164)) return refused('notServed', normalized.e164);
  if (!isDialableThroughHoiio(normalized.e164)) return refused('notDialable', null);
  const { e164, extension, country, valid } = normalized;
  return { ok: true, e164, extension, country, valid };
}

function refused(problem: DestinationProblem, e164: string | null): Destination {
  return { ok: false, problem, suggestions: [], e164 };
}
