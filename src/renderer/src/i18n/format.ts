import { useIntl, type IntlShape } from 'react-intl';
import { AppError } from '../../../shared/errors.ts';
import { formatMoney, type Locale } from '../../../shared/i18n/index.ts';

/** One per-field problem of an IpcError (CONVENTIONS.md, "Errors across IPC"). */
export interface FieldProblem {
  readonly path: readonly string[];
  readonly key: string;
  readonly params?: Record<string, string | number>;
}

/** The optional catalogue parts of an error (issue 9 adds them on the core side; absent on older cores). */
interface Worded {
  readonly code?: string;
  readonly message?: string;
  readonly key?: string;
  readonly params?: Record<string, string | number>;
  readonly fields?: readonly FieldProblem[];
}

/**
 * Words an error from the catalogue: `error.<key>` with its params when the error has a key the
 * catalogue knows; otherwise, in English (the language the core writes `message` in) that sentence,
 * and in any other language the generic `error.code.<code>`. Anything that is not an AppError is
 * worded as `error.code.internal`.
 */
export function describeError(intl: IntlShape, error: unknown): string {
  const worded: Worded = error instanceof AppError ? (error as Worded) : { code: 'internal' };
  if (worded.key && intl.messages[`error.${worded.key}`])
    return intl.formatMessage({ id: `error.${worded.key}` }, worded.params);
  if (intl.locale.startsWith('en') && worded.message) return worded.message;
  const code = worded.code && intl.messages[`error.code.${worded.code}`] ? worded.code : 'internal';
  return intl.formatMessage({ id: `error.code.${code}` });
}

/**
 * Words a catalogue-keyed message from the core (a start-up notice `notice.<key>`, an import
 * report's reason `importReason.<key>`): the catalogue's words with `params` when the key exists; otherwise the
 * core's English sentence (an older core, or a key this build does not know yet).
 */
export function describeKeyed(
  intl: IntlShape,
  prefix: 'notice' | 'error' | 'importReason',
  keyed: {
    readonly key?: string | undefined;
    readonly params?: Record<string, string | number> | undefined;
    readonly message: string;
  },
): string {
  const id = `${prefix}.${keyed.key ?? ''}`;
  return keyed.key && intl.messages[id] ? intl.formatMessage({ id }, keyed.params) : keyed.message;
}

/**
 * Why an import report entry was rejected or warned about, in the user's language:
 * `importReason.<key>` with its params, the refused numbers it lists (`problems`, each a phone error
 * `error.<key>` with the country named in this language) filling its `{problems}` argument.
 * Falls back to the core's English sentence for a key this build does not know.
 */
export function describeImportReason(
  intl: IntlShape,
  entry: {
    readonly key?: string | undefined;
    readonly params?: Record<string, string | number> | undefined;
    readonly problems?: readonly { key: string; params: Record<string, string | number> }[] | undefined;
    readonly reason?: string | undefined;
  },
): string {
  const problems = entry.problems?.map((problem) => {
    const id = `error.${problem.key}`;
    const country = typeof problem.params.country === 'string' ? problem.params.country : '';
    const params = country ? { ...problem.params, countryName: regionName(intl, country) } : problem.params;
    return intl.messages[id] ? intl.formatMessage({ id }, params) : id;
  });
  const params = problems
    ? { ...entry.params, problems: problems.join(intl.formatMessage({ id: 'importReason.listSeparator' })) }
    : entry.params;
  return describeKeyed(intl, 'importReason', { key: entry.key, params, message: entry.reason ?? '' });
}

/** A region's name in the UI's language ("新加坡" for SG in Chinese); the code when Intl has none. */
export function regionName(intl: IntlShape, country: string): string {
  try {
    return new Intl.DisplayNames([intl.locale], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/**
 * Why a call failed, in the user's language: Hoiio's status (`errorStatus`, e.g.
 * `error_insufficient_credit`; spec "Status codes") worded as `error.hoiio.<status>`, with the
 * call's numbers as params. Null when the status is absent or not in the catalogue; in English the
 * core's own sentence is the fallback then.
 */
export function describeCallError(
  intl: IntlShape,
  call: {
    readonly errorStatus: string | null;
    readonly errorMessage: string | null;
    readonly dest1: string;
    readonly dest2: string;
  },
): string | null {
  const id = `error.hoiio.${call.errorStatus ?? ''}`;
  if (call.errorStatus && intl.messages[id])
    return intl.formatMessage({ id }, { dest1: call.dest1, dest2: call.dest2, param: '', status: call.errorStatus });
  return call.errorMessage && intl.locale.startsWith('en') ? call.errorMessage : null;
}

/** The per-field problems of an error, worded, by form field name (`path.join('.')`). */
export function fieldErrors(intl: IntlShape, error: unknown): Record<string, string> {
  const fields = error instanceof AppError ? ((error as Worded).fields ?? []) : [];
  const result: Record<string, string> = {};
  for (const field of fields) {
    const id = `error.${field.key}`;
    result[field.path.join('.')] = intl.messages[id]
      ? intl.formatMessage({ id }, field.params)
      : describeError(intl, error);
  }
  return result;
}

/**
 * The error's sentence followed by each per-field problem, for places that show one message
 * rather than a message beside each field (e.g. an import or export job's status line).
 */
export function describeErrorInFull(intl: IntlShape, error: unknown): string {
  const sentences = [describeError(intl, error), ...Object.values(fieldErrors(intl, error))];
  return [...new Set(sentences)].join(' ');
}

/** Formatting helpers bound to the current locale. */
export function useFormat() {
  const intl = useIntl();
  return {
    intl,
    t: (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values),
    error: (error: unknown) => describeError(intl, error),
    /** An exact decimal amount from the wire ("0.029") in its currency. */
    money: (amount: string, currency: string) => formatMoney(intl.locale as Locale, amount, currency),
    number: (value: number) => intl.formatNumber(value),
    dateTime: (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }),
  };
}
