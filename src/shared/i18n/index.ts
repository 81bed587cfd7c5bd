/**
 * The one message catalogue of the app (FormatJS, ICU MessageFormat), shared by the renderer
 * (react-intl) and main/core (@formatjs/intl: tray, notifications, CSV headers).
 *
 * Catalogues live in `locales/<locale>/<namespace>.json`, flat keys, one file per owner:
 * `ui.json` (renderer), `errors.json` (`error.*`), `outcomes.json` (`outcome.*`), `desktop.json`
 * (tray, menus). Any namespace file added later is merged without a change here: callers hand
 * over every file of a locale (the renderer through Vite's glob import, Node by reading the folder).
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { Language } from '../settings.ts';

/** Locales with a complete catalogue; the first is the source language and the fallback. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** A flat catalogue: message id → ICU message. */
export type Messages = Readonly<Record<string, string>>;

/**
 * The locale to use for the Language setting: itself, or for `system` the first of the OS's
 * preferred languages (BCP 47, e.g. `navigator.languages` or `app.getPreferredSystemLanguages()`)
 * that we have, matched by language (`zh`, `zh-Hans-SG` → `zh-CN`); English otherwise.
 */
export function resolveLocale(setting: Language, preferred: readonly string[]): Locale {
  if (setting !== 'system') return setting;
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    // Traditional-script Chinese has no catalogue: Simplified is closer than English for most readers.
    if (language === 'zh') return 'zh-CN';
    if (language === 'en') return 'en';
  }
  return DEFAULT_LOCALE;
}

/**
 * Merges the namespace files of one locale into one message map. `files` maps a file path (any
 * prefix, ending `<locale>/<namespace>.json`) to its parsed JSON; files of other locales are ignored.
 * Throws if two namespaces define the same key (each key has one owner).
 */
export function mergeNamespaces(locale: Locale, files: Readonly<Record<string, unknown>>): Messages {
  const merged: Record<string, string> = {};
  const owner: Record<string, string> = {};
  for (const [file, content] of Object.entries(files)) {
    const match = /(?:^|[\\/])([^\\/]+)[\\/]([^\\/]+)\.json$/.exec(file);
    if (!match || match[1] !== locale) continue;
    const messages = (content as { default?: unknown }).default ?? content;
    for (const [key, message] of Object.entries(messages as Record<string, unknown>)) {
      if (typeof message !== 'string') throw new Error(`${file}: ${key} is not a string`);
      if (key in merged) throw new Error(`${key} is defined in both ${owner[key]} and ${file}`);
      merged[key] = message;
      owner[key] = file;
    }
  }
  return merged;
}

const cache = createIntlCache();

/** An `IntlShape` for code outside React (main/core): `intl.formatMessage({ id }, values)`. */
export function createIntlFor(locale: Locale, messages: Messages): IntlShape<string> {
  return createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages }, cache);
}

/** `Intl.NumberFormat` currency for an exact decimal amount from the wire (e.g. "0.029" USD), all its digits kept. */
export function formatMoney(locale: Locale, amount: string, currency: string): string {
  const decimals = amount.includes('.') ? amount.split('.')[1]!.length : 0;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: Math.min(Math.max(decimals, 2), 20),
      maximumFractionDigits: Math.max(decimals, 2),
      currencyDisplay: 'code',
      // The string goes to Intl as is: no binary float rounding of thousandths.
    }).format(amount as unknown as number);
  } catch {
    // An unknown currency code: show it as the wire has it.
    return `${currency} ${amount}`;
  }
}
