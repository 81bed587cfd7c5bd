/**
 * A refused phone number as a catalogue error (key `phone.<problem>`), attached to the form
 * field it came from, so every place that reads numbers (Dialer, contact form, imports, settings)
 * refuses them in the same words.
 */
import { englishErrorMessage } from './error-messages.ts';
import { AppError, type ErrorParams } from './errors.ts';
import { formatPhoneNumber, type CountryCode, type NormalizeResult } from './phone.ts';

/** The English name of a country ("Singapore" for SG), for messages; the code if Intl has none. */
export function countryName(country: CountryCode | undefined): string {
  if (country === undefined) return 'this country';
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/** ICU arguments of a phone problem: the text as typed, the country, and the best suggestion ("none" if none). */
export function phoneProblemParams(
  result: Extract<NormalizeResult, { ok: false }>,
  text: string,
  defaultCountry: CountryCode | undefined,
): ErrorParams {
  const suggestion = result.suggestions[0];
  return {
    text: text.trim().slice(0, 64),
    country: defaultCountry ?? '',
    countryName: countryName(defaultCountry),
    suggestion: suggestion === undefined ? 'none' : formatPhoneNumber(suggestion),
  };
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
  const key = `phone.${result.reason}`;
  const params = phoneProblemParams(result, text, defaultCountry);
  return new AppError(
    'invalid_input',
    englishErrorMessage(key, params),
    { field, reason: result.reason, suggestions: result.suggestions },
    { key, params, fields: [{ path: field.split('.'), key, params }] },
  );
}
