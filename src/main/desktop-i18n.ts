/// <reference types="vite/types/importMeta.d.ts" />
/**
 * Words for what main shows itself (tray, notifications, menus, dialogs), from the shared locale
 * catalogue (`src/shared/i18n/locales/<locale>/<namespace>.json`) through @formatjs/intl.
 *
 * Interim loader: every namespace file of a locale present at build time is merged (Vite's
 * `import.meta.glob`), so `outcome.*` words appear as soon as outcomes.json exists. When the
 * shared `src/shared/i18n/index.ts` lands, this file becomes a call to it.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';

export const DESKTOP_LOCALES = ['en', 'zh-CN'] as const;
export type DesktopLocale = (typeof DESKTOP_LOCALES)[number];

type Catalogue = Record<string, string>;
const files = import.meta.glob<Catalogue>('../shared/i18n/locales/*/*.json', { eager: true, import: 'default' });

/** All namespaces of one locale merged into one flat message map. */
export function desktopMessages(locale: DesktopLocale): Catalogue {
  const merged: Catalogue = {};
  for (const [file, messages] of Object.entries(files)) {
    if (file.split('/').at(-2) === locale) Object.assign(merged, messages);
  }
  return merged;
}

/**
 * The locale to word things in, from the OS's preferred languages (`app.getPreferredSystemLanguages()`,
 * BCP 47): any Chinese (`zh`, `zh-CN`, `zh-Hans-SG`, `zh-TW`) reads zh-CN; everything else English.
 */
export function pickDesktopLocale(preferred: readonly string[]): DesktopLocale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === 'zh') return 'zh-CN';
    if (language === 'en') return 'en';
  }
  return 'en';
}

const cache = createIntlCache();

/** An IntlShape for `locale`; a missing message falls back to its defaultMessage without noise. */
export function createDesktopIntl(locale: DesktopLocale): IntlShape {
  return createIntl(
    {
      locale,
      defaultLocale: 'en',
      messages: desktopMessages(locale),
      onError: (error) => {
        if (error.code !== 'MISSING_TRANSLATION') console.warn('[i18n]', error.message);
      },
    },
    cache,
  );
}
