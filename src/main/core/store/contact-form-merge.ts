/**
 * The contact form's save as a three-way merge (issue 16 follow-up): the form sends the contact as
 * it was when it opened (`base`) with the edit (`mine`); the store holds `current`, which may have
 * changed meanwhile (a team-mate's change pulled by the team sync, another window's save). Per
 * field: a field the form did not change keeps the current value; a field only the form changed
 * takes the form's; a field both changed to different values takes the form's (the latest write)
 * and the current value it overwrites is reported, to be kept as a revision (contact page:
 * Earlier values, Restore). Numbers merge as a set, one number (E.164 + extension) at a time:
 * added, removed or relabelled per number, never the whole list. `current` null: the contact was
 * deleted meanwhile, and the save restores it with the form's fields (docs/team.md).
 * Pure: no I/O; the store runs it inside the write's transaction (contacts-repository.ts update).
 */
import type { ContactPhone } from '../../../shared/contacts.ts';
import { sameField, type SharedContactFields, type SharedField } from '../team/contact-merge.ts';

/** A current value the form's save overwrote (field both changed): `value` as stored before the save. */
export interface OverwrittenValue {
  readonly field: SharedField;
  /** A string for name/company/notes; the whole list of numbers before the save for phones. */
  readonly value: string | readonly ContactPhone[];
}

export interface ContactFormMerge {
  readonly fields: SharedContactFields;
  /** Current values replaced by a different value of the form, in field order (empty: no conflict). */
  readonly overwritten: readonly OverwrittenValue[];
  /** True when there was no contact to merge into (deleted meanwhile): the save restores it. */
  readonly restored: boolean;
}

/**
 * Merges the form's edit into the stored contact. `base`: the contact's shared fields when the
 * form opened; `current`: as stored now (null: deleted meanwhile); `mine`: the form's fields.
 */
export function mergeContactForm(
  base: SharedContactFields,
  current: SharedContactFields | null,
  mine: SharedContactFields,
): ContactFormMerge {
  if (current === null) return { fields: mine, overwritten: [], restored: true };
  const overwritten: OverwrittenValue[] = [];
  const text = (field: 'name' | 'company' | 'notes'): string => {
    const outcome = mergeValue(base[field], current[field], mine[field]);
    if (outcome.conflict) overwritten.push({ field, value: current[field] });
    return outcome.value;
  };
  const name = text('name');
  const company = text('company');
  const notes = text('notes');
  const phones = mergePhones(base.phones, current.phones, mine.phones);
  if (phones.conflict) overwritten.push({ field: 'phones', value: current.phones });
  return { fields: { name, company, notes, phones: phones.value }, overwritten, restored: false };
}

/** One value's three-way merge: whose value stays, and whether both sides changed it differently. */
function mergeValue<T>(base: T, current: T, mine: T): { value: T; conflict: boolean } {
  if (sameField(mine, base)) return { value: current, conflict: false };
  if (sameField(current, base) || sameField(current, mine)) return { value: mine, conflict: false };
  return { value: mine, conflict: true };
}

/** A number's identity in the set: E.164 and extension (the same number at another desk is another line). */
function phoneKey(phone: ContactPhone): string {
  return `${phone.e164};${phone.extension ?? ''}`;
}

/** What the form shows and edits of one number: its label and its text (the E.164 is its key). */
function phoneShown(phone: ContactPhone | undefined): { label: string; original: string } | null {
  return phone ? { label: phone.label.trim(), original: phone.original.trim() } : null;
}

/**
 * Numbers as a set: per number (absent, or present with a label and text), the three-way rule of
 * mergeValue. Order: the current list with each number kept, changed in place or removed, then
 * the numbers only the form added, in the form's order.
 */
function mergePhones(
  base: readonly ContactPhone[],
  current: readonly ContactPhone[],
  mine: readonly ContactPhone[],
): { value: ContactPhone[]; conflict: boolean } {
  const byKey = (list: readonly ContactPhone[]) => new Map(list.map((phone) => [phoneKey(phone), phone]));
  const baseByKey = byKey(base);
  const mineByKey = byKey(mine);
  const currentByKey = byKey(current);
  let conflict = false;
  const pick = (key: string): ContactPhone | undefined => {
    const [b, c, m] = [baseByKey.get(key), currentByKey.get(key), mineByKey.get(key)];
    const outcome = mergeValue(phoneShown(b), phoneShown(c), phoneShown(m));
    if (outcome.conflict) conflict = true;
    if (outcome.value === null) return undefined;
    // The stored number whose label and text won (the same key: the same E.164 and extension).
    return sameField(outcome.value, phoneShown(m)) ? m : c;
  };
  const merged: ContactPhone[] = [];
  for (const phone of current) {
    const kept = pick(phoneKey(phone));
    if (kept) merged.push(kept);
  }
  for (const phone of mine) {
    const key = phoneKey(phone);
    if (currentByKey.has(key)) continue;
    const added = pick(key);
    if (added) merged.push(added);
  }
  return { value: merged, conflict };
}
