import { phoneDigits } from '../../../shared/phone.ts';

/** Lower case without accents, so "émile" finds "Émile" and "Zoë" is found by "zoe". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Escapes LIKE wildcards; use with `ESCAPE '\'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The digits of an E.164 number, as stored for "any part of the number" search. */
export function numberSearchDigits(e164: string): string {
  return phoneDigits(e164);
}

/**
 * What typed digits may match in stored international digits: the digits themselves and,
 * for a national number typed with its trunk prefix ("020 7946" for +44 20 7946…), the
 * digits without the leading zeros.
 */
export function digitAlternatives(digits: string): string[] {
  const withoutTrunk = digits.replace(/^0+/, '');
  return withoutTrunk !== digits && withoutTrunk.length > 0 ? [digits, withoutTrunk] : [digits];
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
