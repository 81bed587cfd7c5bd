/**
 * The shared fields of a contact and the per-field three-way merge of the team phonebook
 * (issue 16). The server runs the same rule in SQL (server/migrations/2_*.sql, team.push_contacts);
 * the desktop uses this one for a change made while its own push was in flight.
 */
import { CONTACT_LIMITS, contactFormBase, type Contact, type ContactPhone } from '../../../shared/contacts.ts';
import { storedPhoneLabel } from '../../../shared/phone-labels.ts';

/** The fields a team shares; `favourite` stays on each desktop (a personal list). */
export interface SharedContactFields {
  readonly name: string;
  readonly company: string;
  readonly notes: string;
  readonly phones: readonly ContactPhone[];
}

export const SHARED_FIELDS = ['name', 'company', 'notes', 'phones'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

/**
 * The shared fields in a fixed key order (phones: label, e164, original, extension when set): the
 * same value as the contact form's base, so the one function in shared/contacts.ts makes both
 * (contactFormBase; the form's base is compared field by field with this, store/contact-form-merge.ts).
 */
export const sharedFields: (contact: Pick<Contact, 'name' | 'company' | 'notes' | 'phones'>) => SharedContactFields =
  contactFormBase;

/**
 * Reads shared fields from JSON as the server sends it (jsonb reorders keys), or null when the
 * value is not a contact's fields (a row this app cannot show is skipped, never half-applied).
 */
export function parseSharedFields(json: string): SharedContactFields | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  return readSharedFields(value);
}

/**
 * Checks a value as a contact's shared fields within the contact form's limits (CONTACT_LIMITS):
 * what another member's desktop sent is written here only if this app could have written it.
 */
export function readSharedFields(value: unknown): SharedContactFields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const text = (key: string, max: number): string | null => {
    const field = record[key] ?? '';
    return typeof field === 'string' && field.length <= max ? field : null;
  };
  const name = text('name', CONTACT_LIMITS.name);
  const company = text('company', CONTACT_LIMITS.company);
  const notes = text('notes', CONTACT_LIMITS.notes);
  const phones = record.phones ?? [];
  if (name === null || name.trim() === '' || company === null || notes === null) return null;
  if (!Array.isArray(phones) || phones.length > CONTACT_LIMITS.phonesPerContact) return null;
  const parsedPhones: ContactPhone[] = [];
  for (const phone of phones as unknown[]) {
    const p = phone as Record<string, unknown> | null;
    if (!p || typeof p.e164 !== 'string' || !/^\+[1-9][0-9]{1,14}$/.test(p.e164)) return null;
    const label = typeof p.label === 'string' ? p.label : '';
    const original = typeof p.original === 'string' ? p.original : p.e164;
    if (label.length > CONTACT_LIMITS.phoneLabel || original.length > CONTACT_LIMITS.phoneText) return null;
    parsedPhones.push({
      label,
      e164: p.e164,
      original,
      ...(typeof p.extension === 'string' && /^[0-9]{1,20}$/.test(p.extension) ? { extension: p.extension } : {}),
    });
  }
  return sharedFields({ name, company, notes, phones: parsedPhones });
}

/**
 * Whether two values of one field are the same (phones compare as ordered lists). A number's label
 * compares as its stored keyword (shared/phone-labels.ts storedPhoneLabel): a label written before
 * labels were language-neutral ("Work", "手机", "cell": still in another member's row or a synced
 * base) is the same label as "work" or "mobile", not a change or a clash. Custom labels compare as typed.
 */
export function sameField(a: unknown, b: unknown): boolean {
  return JSON.stringify(comparedValue(a)) === JSON.stringify(comparedValue(b));
}

/** A field's value as sameField compares it: each number of a list (or one number) with its label's keyword. */
function comparedValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparedValue);
  if (typeof value === 'object' && value !== null && 'label' in value && typeof value.label === 'string')
    return { ...value, label: storedPhoneLabel(value.label) };
  return value;
}

/** Whether two contacts' shared fields are all the same (null: deleted / absent). */
export function sameFields(a: SharedContactFields | null, b: SharedContactFields | null): boolean {
  if (a === null || b === null) return a === b;
  return SHARED_FIELDS.every((field) => sameField(a[field], b[field]));
}

/**
 * Per-field three-way merge: a field `mine` left as in `base` takes `theirs`; a field changed in
 * `mine` keeps it (where both changed it, mine wins: it is the write ordered last).
 */
export function mergeFields(
  base: SharedContactFields,
  mine: SharedContactFields,
  theirs: SharedContactFields,
): SharedContactFields {
  const pick = <F extends SharedField>(field: F): SharedContactFields[F] =>
    sameField(mine[field], base[field]) ? theirs[field] : mine[field];
  return { name: pick('name'), company: pick('company'), notes: pick('notes'), phones: pick('phones') };
}
