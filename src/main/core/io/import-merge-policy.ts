/**
 * Which imported record is a contact already there (issue 9 item 10). A duplicate is the same
 * PERSON: the same name (accents, case and word order ignored: "Müller, Jörg" = "jorg muller")
 * AND a shared number. A shared number alone is not enough (an office's main line, a family's
 * home phone): such a record is imported as its own contact, and the report notes the share.
 * A record with no number (the contact form allows one, so exports hold them) is the same person
 * as a contact with no number whose name sorts the same (contacts.sort_key: accents and case
 * ignored, but word order kept: it is found through the name index), so re-importing an export
 * finds it; "Müller, Jörg" with no number is a new contact beside "Jörg Müller" with none.
 */
import type { Contact } from '../../../shared/contacts.ts';
import type { ContactDraft, ImportDecision } from '../store/contacts-repository.ts';
import { foldText } from '../store/search-text.ts';

/** The store lookups the policy needs (ContactsRepository has them). */
export interface MergeLookup {
  /** Every contact holding this E.164 number. */
  contactsWithNumber(e164: string): Contact[];
  /** Every contact whose name folds and sorts as `name` (contacts.sort_key). */
  contactsNamed(name: string): Contact[];
}

export type MergeDecision = ImportDecision;

/** A name as compared for "the same person": folded, split into words, the words sorted. */
export function personKey(name: string): string {
  return foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Decides what `draft` is: a duplicate of the contact that is the same person, or a new contact. */
export function decideImport(draft: ContactDraft, lookup: MergeLookup): MergeDecision {
  const key = personKey(draft.name);
  if (draft.phones.length === 0) {
    const samePerson = lookup
      .contactsNamed(draft.name)
      .find((contact) => contact.phones.length === 0 && personKey(contact.name) === key);
    return samePerson ? { kind: 'duplicate', existing: samePerson } : { kind: 'new', sharesNumberWith: [] };
  }
  const sharing = new Map<string, Contact>();
  for (const phone of draft.phones) {
    for (const contact of lookup.contactsWithNumber(phone.e164)) sharing.set(contact.id, contact);
  }
  const samePerson = [...sharing.values()].find((contact) => personKey(contact.name) === key);
  if (samePerson) return { kind: 'duplicate', existing: samePerson };
  return { kind: 'new', sharesNumberWith: [...sharing.values()] };
}
