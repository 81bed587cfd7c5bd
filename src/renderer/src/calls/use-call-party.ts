import type { CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useHoiioQuery } from '../data/query.ts';

/**
 * Who a call is to, as the user knows them: the contact's name when the call has one (the core links a
 * call to the contact whose number it dials), else the number as shown. Reads `contacts.get` through the
 * cache (one read per contact, refreshed by `contactsChanged`); a deleted contact falls back to the number.
 */
export function useCallParty(call: Pick<CallRecord, 'contactId' | 'dest2'>): {
  readonly name: string;
  /** The number as shown, when `name` is the contact's name (for a second line); else null. */
  readonly number: string | null;
} {
  const contactId = call.contactId ?? '';
  const contact = useHoiioQuery('contacts', 'get', { id: contactId }, { enabled: contactId !== '' }).data;
  const number = formatPhoneNumber(call.dest2);
  return contact && call.contactId ? { name: contact.name, number } : { name: number, number: null };
}
