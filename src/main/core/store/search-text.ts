import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { phoneDigits } from '../../../shared/phone.ts';

/** Lower case without accents, so "émile" finds "Émile" and "Zoë" is found by "zoe". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Escapes LIKE wildcards; use with `ESCAPE '\'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The digits a person may type to find an E.164 number: the international digits and, where
 * it is not already inside them, the national form with its trunk prefix ("020 7946 0000").
 */
export function numberSearchDigits(e164: string): string {
  const international = phoneDigits(e164);
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed ? phoneDigits(parsed.formatNational()) : '';
  return national !== '' && !international.includes(national) ? `${international} ${national}` : international;
}

/** True for input that can only be a (part of a) phone number: "+1 415", "(415) 555-01". */
export function isPhoneLike(query: string): boolean {
  return /\d/.test(query) && /^[\d\s()+\-./]+$/.test(query);
}

/** How a search box query is matched: a phone-like query is one digits term, otherwise words. */
export function searchTerms(query: string): { digits: string | null; words: string[] } {
  const trimmed = query.trim();
  if (trimmed === '') return { digits: null, words: [] };
  if (isPhoneLike(trimmed)) return { digits: phoneDigits(trimmed), words: [] };
  return { digits: null, words: foldText(trimmed).split(/\s+/).filter(Boolean) };
}
