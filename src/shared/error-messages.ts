/**
 * English wording of the error catalogue (src/shared/i18n/locales/en/errors.json, ICU MessageFormat,
 * keys `error.<key>`): the `message` every AppError carries for logs and as the last-resort text,
 * and what the renderer shows until the FormatJS loader (issue 11) words errors in the user's
 * locale from the same catalogues. One catalogue, so nothing is worded twice.
 */
import english from './i18n/locales/en/errors.json' with { type: 'json' };
import { englishMessage } from './i18n/english.ts';
import type { ErrorParams, IpcError } from './errors.ts';

const CATALOGUE: Readonly<Record<string, string>> = english;

/** True when `key` has a message `error.<key>` in the catalogue. */
export function isErrorKey(key: string): boolean {
  return Object.hasOwn(CATALOGUE, `error.${key}`);
}

/**
 * The English sentence for catalogue key `key` (without the `error.` prefix) with its ICU
 * arguments. A key missing from the catalogue (a bug) yields the key itself, never a throw.
 */
export function englishErrorMessage(key: string, params: ErrorParams = {}): string {
  return englishMessage(CATALOGUE, `error.${key}`, params) ?? key;
}

/**
 * An IpcError as one English sentence: a refused request with one field problem reads as that
 * problem; else its key's message, else its code's, else its own message.
 */
export function describeIpcError(error: Pick<IpcError, 'code' | 'message' | 'key' | 'params' | 'fields'>): string {
  const only = error.fields?.length === 1 ? error.fields[0] : undefined;
  if (error.key === 'request.invalid' && only) return englishErrorMessage(only.key, only.params);
  if (error.key !== undefined && isErrorKey(error.key)) return englishErrorMessage(error.key, error.params);
  return error.message !== '' ? error.message : englishErrorMessage(`code.${error.code}`);
}

/**
 * The sentence for the form field named `name` (`path.join('.')` of a field error), or undefined
 * when the error says nothing about that field.
 */
export function fieldErrorText(error: Pick<IpcError, 'fields'> | null | undefined, name: string): string | undefined {
  const field = error?.fields?.find((candidate) => candidate.path.join('.') === name);
  return field ? englishErrorMessage(field.key, field.params) : undefined;
}

/** The English sentence for the form field `name` of a thrown error (an AppError with `fields`), if any. */
export function fieldErrorOf(error: unknown, name: string): string | undefined {
  if (error === null || typeof error !== 'object' || !('fields' in error)) return undefined;
  return fieldErrorText({ fields: (error as Pick<IpcError, 'fields'>).fields }, name);
}

/** A thrown error as one plain English sentence (a catalogue key's message when it has one). */
export function errorSentence(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'code' in error && 'message' in error) {
    return describeIpcError(error as Pick<IpcError, 'code' | 'message' | 'key' | 'params' | 'fields'>);
  }
  return error instanceof Error ? error.message : String(error);
}
