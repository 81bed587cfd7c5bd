import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IntlShape } from 'react-intl';
import { createIntlFor, mergeNamespaces, type Locale } from '../../src/shared/i18n/index.ts';

const root = path.resolve(import.meta.dirname, '../../src/shared/i18n/locales');

/** The renderer's formatter for a locale, over the real catalogue files (every namespace), as the app loads them. */
export function intlFor(locale: Locale): IntlShape {
  const dir = path.join(root, locale);
  const files = Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [`${locale}/${file}`, JSON.parse(readFileSync(path.join(dir, file), 'utf8'))]),
  );
  // The renderer's react-intl IntlShape and @formatjs/intl's differ only in rich-text element types.
  return createIntlFor(locale, mergeNamespaces(locale, files)) as unknown as IntlShape;
}
