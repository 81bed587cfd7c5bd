import { useMemo } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';

/** One country the Dialer can read national numbers for (libphonenumber's list, ISO 3166-1 alpha-2). */
export interface CountryChoice {
  readonly code: string;
  /** In the UI language (Intl.DisplayNames); the code when Intl has no name. */
  readonly name: string;
  /** Country calling code without "+", e.g. "65". */
  readonly callingCode: string;
}

/** A function naming a region in the UI language (Intl.DisplayNames, CLDR), falling back to its code. */
export function useCountryName(): (code: string | undefined) => string {
  const { locale } = useIntl();
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
    return (code) => {
      if (!code) return '';
      try {
        return names?.of(code) ?? code;
      } catch {
        return code;
      }
    };
  }, [locale]);
}

/** Every country with its name in the UI language, sorted as that language sorts names. */
export function useCountryChoices(): readonly CountryChoice[] {
  const { locale } = useIntl();
  const nameOf = useCountryName();
  return useMemo(() => {
    const collator = new Intl.Collator(locale);
    return getCountries()
      .map((code) => ({ code, name: nameOf(code), callingCode: getCountryCallingCode(code) }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [locale, nameOf]);
}

/**
 * The country a typed text names, or null when it names none: its ISO code ("sg", "SG"), its
 * name in the UI language ("Singapore", accents and case ignored) or a choice's full text as the
 * country combobox shows it ("Singapore (+65)", `optionText`). Used where a country is typed, not
 * only picked (Settings → Default country), so a name is never cut to a wrong code.
 */
export function findCountry(
  text: string,
  countries: readonly CountryChoice[],
  optionText: (country: CountryChoice) => string,
): CountryChoice | null {
  const typed = foldName(text);
  if (typed === '') return null;
  return (
    countries.find((country) => country.code.toLowerCase() === typed) ??
    countries.find((country) => foldName(country.name) === typed || foldName(optionText(country)) === typed) ??
    null
  );
}

function foldName(text: string): string {
  return text.trim().normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A country as the country comboboxes show it: "Singapore (+65)" (`dialer.country.option`). */
export function countryOptionText(intl: IntlShape, country: CountryChoice): string {
  return intl.formatMessage({ id: 'dialer.country.option' }, { name: country.name, code: country.callingCode });
}
