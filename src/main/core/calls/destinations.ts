/**
 * Client-side checks of a call's numbers before asking Hoiio (hoiio-api.md §8 "Before
 * sending", §7.3). A failure raises the same HoiioError, status and message Hoiio would
 * send, so the user sees one wording whichever side caught the problem.
 */
import { HoiioError } from '../hoiio/errors.ts';
import { normalizePhoneNumber, type CountryCode } from '../../../shared/phone.ts';

const E164 = /^\+[1-9]\d{7,14}$/;
/** Global services Hoiio does not serve (§7.3). */
const NOT_SUPPORTED = /^\+88[123]/;

export type Leg = 'dest1' | 'dest2';

/** Normalises what the user typed to E.164, or throws the status Hoiio would answer. */
export function checkDestination(text: string, leg: Leg, defaultCountry: CountryCode): string {
  const compact = text
    .trim()
    .replace(/^tel:/i, '')
    .replace(/[\s().\-/\u00a0]/g, '');
  if (compact === '') throw HoiioError.local(`error_${leg}_param_missing`);
  if (NOT_SUPPORTED.test(compact)) throw HoiioError.local(`error_${leg}_not_supported`, { [leg]: compact });
  const normalized = normalizePhoneNumber(text, defaultCountry);
  if (!normalized.ok || !E164.test(normalized.e164)) {
    throw HoiioError.local(`error_${leg}_invalid`, { [leg]: text.trim() });
  }
  if (NOT_SUPPORTED.test(normalized.e164))
    throw HoiioError.local(`error_${leg}_not_supported`, { [leg]: normalized.e164 });
  return normalized.e164;
}

/** Hoiio requires two different numbers (§2.1, compared as E.164 strings). */
export function checkDistinct(dest1: string, dest2: string): void {
  if (dest1 === dest2) throw HoiioError.local('error_same_dest1_dest2', { dest1, dest2 });
}

/** `p` and `private` mean the same caller ID; the app always sends `private` (§8). */
export function normalizeCallerId(callerId: string | null | undefined): string | undefined {
  if (callerId === null || callerId === undefined || callerId.trim() === '') return undefined;
  const trimmed = callerId.trim();
  return trimmed === 'p' ? 'private' : trimmed;
}
