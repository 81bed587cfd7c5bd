/// <reference types="vite/types/importMeta.d.ts" />
/**
 * Words for what main shows itself (tray, notifications, menus, dialogs), from the shared locale
 * catalogue through src/shared/i18n/index.ts (`mergeNamespaces`, `createIntlFor`, `resolveLocale`):
 * every namespace file of a locale present at build time (Vite's `import.meta.glob`) is merged.
 */
import type { IntlShape } from '@formatjs/intl';
import { createIntlFor, mergeNamespaces, resolveLocale, type Locale, type Messages } from '../shared/i18n/index.ts';

export type DesktopLocale = Locale;

const files = import.meta.glob('../shared/i18n/locales/*/*.json', { eager: true, import: 'default' });

/** All namespaces of one locale merged into one flat message map (throws if two define one key). */
export function desktopMessages(locale: DesktopLocale): Messages {
  return mergeNamespaces(locale, files);
}

/**
 * The locale to word things in, from the OS's preferred languages (`app.getPreferredSystemLanguages()`,
 * BCP 47): any Chinese reads zh-CN; everything else English (the Language setting's `system` rule).
 */
export function pickDesktopLocale(preferred: readonly string[]): DesktopLocale {
  return resolveLocale('system', preferred);
}

/** An IntlShape for `locale` over the merged catalogue. */
export function createDesktopIntl(locale: DesktopLocale): IntlShape {
  return createIntlFor(locale, desktopMessages(locale));
}
