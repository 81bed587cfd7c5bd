/**
 * Client-side checks of a call's numbers before asking Hoiio (hoiio-api.md §8 "Before
 * sending", §7.3). A failure raises the same HoiioError, status and message Hoiio would
 * send, so the user sees one wording whichever side caught the problem.
 */
import { HoiioError } from '../hoiio/errors.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import { destinationProblemError } from '../../../shared/phone-errors.ts';
import { quoteInput } from '../../../shared/visible-text.ts';

export type Leg = 'dest1' | 'dest2';

/**
 * Normalises what the user typed to E.164 (`interpretDestination`, the one rule), or throws: the
 * status Hoiio would answer for an empty, undialable or unserved number (§7.3), or an AppError
 * `invalid_input` with the catalogue key `phone.<problem>` for text that is not one number, has a
 * character that cannot be dialled (named with its position), or national digits not valid in
 * `defaultCountry` (with "did you mean" suggestions, issue 9 item 4).
 */
export function checkDestination(text: string, leg: Leg, defaultCountry: CountryCode): string {
  const destination = interpretDestination(text, defaultCountry);
  if (destination.ok) return destination.e164;
  switch (destination.problem) {
    case 'notServed':
      throw HoiioError.local(`error_${leg}_not_supported`, { [leg]: destination.e164 ?? quoteInput(text.trim()) });
    case 'empty':
      throw HoiioError.local(`error_${leg}_param_missing`);
    case 'undiallable':
    case 'letters':
    case 'notValidForCountry':
      // Said in the app's words: which character cannot be dialled, or which country the digits belong to.
      throw destinationProblemError(destination, text, defaultCountry, leg, leg);
    default:
      throw HoiioError.local(`error_${leg}_invalid`, { [leg]: quoteInput(text.trim()) });
  }
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

/**
 * Both legs of a call or a price look-up, normalised and checked (checkDestination): `dest2` as
 * given; `dest1` as given, else the settings' default, else the account's registered number
 * (Hoiio's own default, §2.1). Throws as checkDestination does.
 */
export async function resolveLegs(
  input: { readonly dest2: string; readonly dest1?: string | null | undefined },
  defaults: { readonly defaultCountry: string; readonly defaultDest1?: string | null | undefined },
  registeredNumber: () => Promise<string>,
): Promise<{ readonly dest1: string; readonly dest2: string; readonly country: CountryCode }> {
  const country = defaults.defaultCountry as CountryCode;
  const dest2 = checkDestination(input.dest2, 'dest2', country);
  const dest1Text = input.dest1 ?? defaults.defaultDest1 ?? (await registeredNumber());
  const dest1 = checkDestination(dest1Text, 'dest1', country);
  return { dest1, dest2, country };
}
