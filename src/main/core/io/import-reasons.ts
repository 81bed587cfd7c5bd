/**
 * Why an imported record was rejected or imported with a warning, as a catalogue key
 * (`importReason.<key>` in src/shared/i18n/locales/<locale>/ui.json, ICU MessageFormat) with its
 * arguments, so the import report is worded in the user's language by the renderer; the English
 * sentence (`reason`) is made here from the same catalogue, for logs and older renderers.
 * Refused phone numbers travel as `problems`: each a phone error key (`import.phone.<reason>`,
 * errors.json) with its arguments, worded one by one and listed in the report's language.
 */
import english from '../../../shared/i18n/locales/en/ui.json' with { type: 'json' };
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import type { ErrorParams } from '../../../shared/errors.ts';
import { englishMessage } from '../../../shared/i18n/english.ts';
import type { ImportEntry } from '../../../shared/import-export.ts';

/** One refused number: its phone error key (without `error.`) and arguments. */
export interface PhoneProblem {
  readonly key: string;
  readonly params: ErrorParams;
}

/** A reason before wording: `importReason.<key>` with `params`, and the refused numbers it lists. */
export interface ImportReason {
  readonly key: string;
  readonly params?: ErrorParams;
  readonly problems?: readonly PhoneProblem[];
}

const CATALOGUE: Readonly<Record<string, string>> = english;

/**
 * The report fields for `reason`: key, params, problems, and the English sentence. The listed
 * problems fill the message's `{problems}` argument (joined with "; " in English).
 */
export function reasonFields(reason: ImportReason): Pick<ImportEntry, 'reason' | 'key' | 'params' | 'problems'> {
  const problems = reason.problems?.map((problem) => englishErrorMessage(problem.key, problem.params)).join('; ');
  const params = reason.params ?? {};
  const text =
    englishMessage(
      CATALOGUE,
      `importReason.${reason.key}`,
      problems === undefined ? params : { ...params, problems },
    ) ?? reason.key;
  return {
    reason: text,
    key: reason.key,
    ...(reason.params ? { params: reason.params } : {}),
    ...(reason.problems ? { problems: [...reason.problems] } : {}),
  };
}
