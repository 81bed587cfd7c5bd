import { useMemo } from 'react';
import { formatPhoneNumber, isPhoneLike, phoneDigits } from '../../../../shared/phone.ts';
import { useHoiioQuery } from '../../data/query.ts';
import { useDebounced } from '../../use-debounced.ts';

/** At most this many suggestions: a short list to pick from with the arrow keys, one page of each search. */
export const MAX_SUGGESTIONS = 6;
/** Searches start at this many typed characters (one digit matches half the address book). */
const MIN_QUERY_LENGTH = 2;

/** A number to call offered while typing: a contact's phone or the number of a recent call. */
export interface Suggestion {
  readonly key: string;
  readonly source: 'contact' | 'recent';
  /** The contact's name, when the number belongs to one. */
  readonly name: string | null;
  /** E.164. */
  readonly e164: string;
  readonly extension: string | null;
  readonly contactId: string | null;
  /** For recent calls: when it was placed (ISO 8601). */
  readonly placedAt: string | null;
}

/**
 * Suggestions for what is being typed, from the existing searches (`contacts.list` and
 * `callLog.query`, one small page each, through the cache) once typing pauses: contacts first, then
 * recent calls to numbers not already offered.
 */
export function useSuggestions(text: string, enabled: boolean): readonly Suggestion[] {
  const query = useDebounced(text.trim(), 150);
  const on = enabled && query.length >= MIN_QUERY_LENGTH;
  const contacts = useHoiioQuery(
    'contacts',
    'list',
    { search: query, limit: MAX_SUGGESTIONS },
    { enabled: on, keepPrevious: true },
  );
  const recent = useHoiioQuery(
    'callLog',
    'query',
    { search: query, limit: MAX_SUGGESTIONS },
    { enabled: on, keepPrevious: true },
  );
  const contactItems = contacts.data?.items;
  const recentItems = recent.data?.items;
  return useMemo(() => {
    if (!on) return [];
    // Text with letters searches names only: "a2" is not the digit 2 of every number.
    const digits = isPhoneLike(query.trim()) ? phoneDigits(query) : '';
    const found: Suggestion[] = [];
    const seen = new Set<string>();
    const add = (suggestion: Suggestion) => {
      const id = `${suggestion.e164};${suggestion.extension ?? ''}`;
      if (seen.has(id) || found.length >= MAX_SUGGESTIONS) return;
      seen.add(id);
      found.push(suggestion);
    };
    for (const contact of contactItems ?? []) {
      // Typed digits: the phones that contain them; a typed name: every phone of the contact.
      const phones = contact.phones.filter((phone) => digits === '' || phoneDigits(phone.e164).includes(digits));
      for (const phone of phones.length > 0 ? phones : contact.phones) {
        add({
          key: `contact:${contact.id}:${phone.e164}:${phone.extension ?? ''}`,
          source: 'contact',
          name: contact.name,
          e164: phone.e164,
          extension: phone.extension ?? null,
          contactId: contact.id,
          placedAt: null,
        });
      }
    }
    for (const call of recentItems ?? []) {
      add({
        key: `recent:${call.id}`,
        source: 'recent',
        name: call.contactName,
        e164: call.dest2,
        extension: call.extension ?? null,
        contactId: call.contactId,
        placedAt: call.createdAt,
      });
    }
    return found;
  }, [on, query, contactItems, recentItems]);
}

/** A suggestion as the Dialer's field shows it once picked ("+65 8123 4567;ext=12" keeps the extension). */
export function suggestionText(suggestion: Suggestion): string {
  const number = formatPhoneNumber(suggestion.e164);
  return suggestion.extension ? `${number};ext=${suggestion.extension}` : number;
}
