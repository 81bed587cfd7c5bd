import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { DEFAULT_LOCALE, resolveLocale, type Locale } from '../../../shared/i18n/index.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useHoiioQuery } from '../data/query.ts';
import { loadMessages } from './messages.ts';

/** The cache key of a locale's merged catalogue. */
export const messagesKey = (locale: Locale) => ['i18n', 'messages', locale] as const;

/** The locale the settings ask for (`system` follows the browser's, i.e. the OS's, languages). */
export function localeOf(settings: Pick<Settings, 'language'> | undefined): Locale {
  return resolveLocale(settings?.language ?? 'system', navigator.languages);
}

/**
 * Words the UI in the chosen language and colours it in the chosen theme, both read from the
 * settings in the cache: changing either in Settings applies at once, without a reload. Until a
 * newly chosen locale's catalogue has loaded, the previous one stays on screen.
 */
export function IntlRoot({ children }: { children: ReactNode }) {
  const settings = useHoiioQuery('settings', 'get').data;
  const wanted = localeOf(settings);
  const messages = useQuery({
    queryKey: messagesKey(wanted),
    queryFn: async () => ({ locale: wanted, messages: await loadMessages(wanted) }),
    placeholderData: (previous) => previous,
  });
  const theme = settings?.theme ?? 'system';

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const locale = messages.data?.locale;
  useEffect(() => {
    if (locale) document.documentElement.lang = locale;
  }, [locale]);

  if (!messages.data) return null;
  return (
    <IntlProvider locale={messages.data.locale} defaultLocale={DEFAULT_LOCALE} messages={messages.data.messages}>
      {children}
    </IntlProvider>
  );
}
