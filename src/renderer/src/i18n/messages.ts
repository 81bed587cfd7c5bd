import { mergeNamespaces, type Locale, type Messages } from '../../../shared/i18n/index.ts';

/**
 * Every namespace file of every locale, each its own lazily loaded chunk: the first screen
 * carries only the active locale, and a namespace added later (errors.json, desktop.json…)
 * is picked up by the glob without a change here.
 */
const files = import.meta.glob<Record<string, string>>('../../../shared/i18n/locales/*/*.json', {
  import: 'default',
});

/** The merged message map of one locale (all its namespaces). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const mine = Object.entries(files).filter(([path]) => path.includes(`/locales/${locale}/`));
  const loaded = await Promise.all(mine.map(async ([path, load]) => [path, await load()] as const));
  return mergeNamespaces(locale, Object.fromEntries(loaded));
}
