/**
 * What a typed number to call means, as one pure function the Dialer (as you type) and the core
 * (before voice/call) both use: the number interpretation of phone.ts plus the "dialable through
 * Hoiio" rule (hoiio-api.md §7.3, §8 "Before sending"). The core turns a problem into the error
 * Hoiio would send (calls/destinations.ts); the Dialer words it from the same catalogue.
 */
import {
  cleanPhoneText,
  isDialableThroughHoiio,
  isNotServedByHoiio,
  normalizePhoneNumber,
  type CountryCode,
  type PhoneProblem,
  type UndiallableCharacter,
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
      /** For `undiallable` and `letters`: the first character that cannot be dialled, and where. */
      readonly character?: UndiallableCharacter;
    };

/** Problems found in the text itself, before any reading of digits or countries. */
const TEXT_PROBLEMS: ReadonlySet<DestinationProblem> = new Set(['empty', 'undiallable', 'letters']);

/**
 * THE rule for reading a phone number in this app: interprets `text` (as typed, pasted, stored,
 * imported or carried by a tel: link) as a number to call, reading numbers without a +country
 * code as `defaultCountry`'s (undefined: only numbers written with their +code are read). The
 * Dialer, the core before voice/call, Settings (your phone, caller ID), tel: links, contact
 * numbers, imports and the clipboard all use it, so a number accepted in one place is accepted
 * in every other. Order of the reasons: empty, a character that cannot be dialled (named with its
 * position), +881/+882/+883, then libphonenumber's reading and country reasoning, then §7.3's
 * dialable shape. Never throws.
 */
export function interpretDestination(text: string, defaultCountry: CountryCode | undefined): Destination {
  const normalized = normalizePhoneNumber(text, defaultCountry);
  if (!normalized.ok && TEXT_PROBLEMS.has(normalized.reason)) return problemOf(normalized);
  // +881/+882/+883 are refused as "not served" even where libphonenumber cannot read them (§7.3).
  const international = cleanPhoneText(text)
    .normalize('NFKC')
    .replace(/[^\d+]/g, '');
  if (isNotServedByHoiio(international)) return refused('notServed', international);
  if (!normalized.ok) return problemOf(normalized);
  if (isNotServedByHoiio(normalized.e164)) return refused('notServed', normalized.e164);
  if (!isDialableThroughHoiio(normalized.e164)) return refused('notDialable', null);
  const { e164, extension, country, valid } = normalized;
  return { ok: true, e164, extension, country, valid };
}

function problemOf(result: Extract<ReturnType<typeof normalizePhoneNumber>, { ok: false }>): Destination {
  const { reason, suggestions, character } = result;
  return { ok: false, problem: reason, suggestions, e164: null, ...(character ? { character } : {}) };
}

function refused(problem: DestinationProblem, e164: string | null): Destination {
  return { ok: false, problem, suggestions: [], e164 };
}
