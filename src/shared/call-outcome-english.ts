/**
 * The English sentence of a call outcome (src/shared/i18n/locales/en/outcomes.json), for logs and
 * tests. Kept apart from call-outcome-words.ts so the renderer, which words outcomes from the
 * lazily loaded catalogue of the active locale, never bundles the English file statically.
 */
import english from './i18n/locales/en/outcomes.json' with { type: 'json' };
import { englishMessage } from './i18n/english.ts';
import type { OutcomeWords } from './call-outcome-words.ts';

const CATALOGUE: Readonly<Record<string, string>> = english;

/** The English sentence for an outcome key (without `outcome.`); the key itself if the catalogue lacks it. */
export function englishOutcome({ key, params }: OutcomeWords): string {
  return englishMessage(CATALOGUE, `outcome.${key}`, params) ?? key;
}
