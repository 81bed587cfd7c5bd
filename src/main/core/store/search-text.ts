import type { DatabaseSync } from 'node:sqlite';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isPhoneLike, phoneDigits } from '../../../shared/phone.ts';
import { cleanUserText } from '../../../shared/user-text.ts';

/**
 * Lower case without accents, so "émile" finds "Émile" and "Zoë" is found by "zoe"; first cleaned by
 * the user-text rule (`cleanUserText`: zero-width and other meaningless invisible characters removed),
 * so a query and a stored search text that look the same fold to the same text ("invoice\u200B42"
 * and "invoice42"). Used for both sides of every text search and for the contacts' sort key.
 */
export function foldText(text: string): string {
  return cleanUserText(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Registers `fold_text(text)` (foldText; NULL for NULL) on `db`, for searches that test a call's
 * texts one by one (call-log-search.ts textConditions). Deterministic.
 */
export function registerFoldText(db: DatabaseSync): void {
  db.function('fold_text', { deterministic: true }, (text) => (typeof text === 'string' ? foldText(text) : null));
}

/** A contact's folded search text (contacts.search_text): its name and company, as `foldText` folds them. */
export function contactSearchText(name: string, company: string): string {
  return foldText(`${name} ${company}`);
}

/**
 * A contact's place in name order (contacts.sort_key, compared by SQLite as bytes): the folded name
 * (`foldText`) with every run of ASCII digits written so that numbers sort by value, as Finder and
 * Explorer sort names ("Person 2" before "Person 10"): a run becomes "0", one character saying how
 * many digits it has without its leading zeros (U+0031 for 1 digit, U+0032 for 2, …), then those
 * digits. "0" appears nowhere else in a key, so two keys meet such a run at the same place only
 * when both hold one there; a shorter number then sorts first, equal lengths by their digits. Digits
 * still sort after spaces and punctuation and before letters, as in plain text. "7" and "007" share
 * a key (the contact id orders them). Length: at most 2 more characters per digit run.
 */
export function contactSortKey(name: string): string {
  return foldText(name).replace(/[0-9]+/g, (run) => {
    const digits = run.replace(/^0+(?=[0-9])/, '');
    return `0${String.fromCharCode(0x30 + digits.length)}${digits}`;
  });
}

/** Escapes LIKE wildcards; use with `ESCAPE '\'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * "The number" as digit search sees it (issue 9 item 5): its international digits and its
 * national format as libphonenumber writes it, trunk prefix included ("442079460018 02079460018"
 * for +44 20 7946 0018), space separated. Typed digits match when they are one run inside either
 * form, so "020 7946" finds the UK number and "0001" only numbers that contain 0001.
 */
export function numberSearchDigits(e164: string): string {
  const international = phoneDigits(e164);
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed ? phoneDigits(parsed.formatNational()) : '';
  return national !== '' && national !== international ? `${international} ${national}` : international;
}

export { isPhoneLike } from '../../../shared/phone.ts';

/**
 * The digits one word of a search searches numbers for: the word's digits when it is phone-like
 * ("8123", "(415)", "+65"), else none. A word with letters searches names and companies only:
 * "a2" or "x1" searched the digits 2 or 1 too, matching every number that holds them.
 */
export function wordNumberDigits(word: string): string {
  return isPhoneLike(word) ? phoneDigits(word) : '';
}

/** How a search box query is matched: a phone-like query is one digits term, otherwise words. */
export function searchTerms(query: string): { digits: string | null; words: string[] } {
  const trimmed = query.trim();
  if (trimmed === '') return { digits: null, words: [] };
  if (isPhoneLike(trimmed)) return { digits: phoneDigits(trimmed), words: [] };
  return { digits: null, words: foldText(trimmed).split(/\s+/).filter(Boolean) };
}
