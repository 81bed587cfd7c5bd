/**
 * A refused phone number as a catalogue error (key `phone.<problem>`, or Hoiio's own words for a
 * call's leg), attached to the form field it came from, so every place that reads numbers
 * (Dialer, contact form, imports, settings) refuses them in the same words (phone-problem-words.ts).
 */
import type { Destination } from './destination.ts';
import { englishErrorMessage } from './error-messages.ts';
import { AppError, type ErrorParams } from './errors.ts';
import type { CountryCode, NormalizeResult } from './phone.ts';
import { phoneProblemMessage, type NumberRole } from './phone-problem-words.ts';

/** The English name of a country ("Singapore" for SG), for messages; the code if Intl has none. */
export function countryName(country: CountryCode | undefined): string {
  if (country === undefined) return 'this country';
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/** ICU arguments of a phone problem (see `phoneProblemMessage`): the text visibly quoted, the country, suggestion, character. */
export function phoneProblemParams(
  result: Extract<NormalizeResult, { ok: false }>,
  text: string,
  defaultCountry: CountryCode | undefined,
): ErrorParams {
  const problem = { problem: result.reason, suggestions: result.suggestions, character: result.character };
  return phoneProblemMessage(problem, text, 'number', defaultCountry, countryName(defaultCountry)).params;
}

/**
 * AppError `invalid_input` for a number `normalizePhoneNumber` refused, with key
 * `phone.<reason>` and a field error at `field` (a form name such as `dest2` or `phones.0.number`).
 */
export function phoneProblemError(
  result: Extract<NormalizeResult, { ok: false }>,
  text: string,
  defaultCountry: CountryCode | undefined,
  field: string,
): AppError {
  const destination = { problem: result.reason, suggestions: result.suggestions, character: result.character };
  return destinationProblemError(destination, text, defaultCountry, field, 'number');
}

/**
 * AppError `invalid_input` for a number `interpretDestination` refused, worded for `role`
 * (phone-problem-words.ts), with a field error at `field` (`defaultDest1`, `phones.0.number`…).
 * `details` keeps `reason` and `suggestions` for code that acts on them.
 */
export function destinationProblemError(
  destination: Pick<Extract<Destination, { ok: false }>, 'problem' | 'suggestions' | 'character'> & {
    e164?: string | null;
  },
  text: string,
  defaultCountry: CountryCode | undefined,
  field: string,
  role: NumberRole,
): AppError {
  const { key, params } = phoneProblemMessage(destination, text, role, defaultCountry, countryName(defaultCountry));
  return new AppError(
    'invalid_input',
    englishErrorMessage(key, params),
    { field, reason: destination.problem, suggestions: destination.suggestions },
    { key, params, fields: [{ path: field.split('.'), key, params }] },
  );
}
