import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js';
import { E164Schema, type CountryCode } from './phone.ts';
import { cleanUserText } from './user-text.ts';

/** An ISO 3166 country code libphonenumber knows; used to read national numbers ("(415) 555-0100"). */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'field.country')
  .refine((code) => isSupportedCountry(code), 'field.country')
  .transform((code) => code as CountryCode);

const IsoInstantSchema = z.iso.datetime({ offset: true });

export const CONTACT_LIMITS = {
  name: 200,
  company: 200,
  notes: 10_000,
  phoneLabel: 40,
  phoneText: 64,
  phonesPerContact: 20,
  search: 100,
  pageSize: 200,
  bulkIds: 1_000,
} as const;

/** One labelled number of a contact: E.164 for dialling, plus the text as typed or imported. */
export const ContactPhoneSchema = z.object({
  label: z.string().max(CONTACT_LIMITS.phoneLabel),
  e164: E164Schema,
  original: z.string().max(CONTACT_LIMITS.phoneText),
  /**
   * The extension to dial once the call is answered (digits, from `;ext=`, `x`, `ext.`): Hoiio's
   * voice/call cannot dial it (hoiio-api.md §3), so it is kept and shown ("then dial 556"). Absent when none.
   */
  extension: z
    .string()
    .regex(/^[0-9]{1,20}$/)
    .optional(),
});
export type ContactPhone = z.infer<typeof ContactPhoneSchema>;

export const ContactSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  company: z.string(),
  notes: z.string(),
  favourite: z.boolean(),
  phones: z.array(ContactPhoneSchema),
  createdAt: IsoInstantSchema,
  updatedAt: IsoInstantSchema,
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactIdSchema = z.string().min(1).max(64);

/** A number as the user typed it; the store normalises it to E.164 with `defaultCountry`. */
export const ContactPhoneInputSchema = z.strictObject({
  label: z.string().overwrite(cleanUserText).max(CONTACT_LIMITS.phoneLabel).default(''),
  number: z.string().trim().min(1, 'phone.empty').max(CONTACT_LIMITS.phoneText),
});
export type ContactPhoneInput = z.input<typeof ContactPhoneInputSchema>;

/** Names, companies and notes are cleaned by the one user-text rule (user-text.ts) before their limits are checked. */
const contactFields = {
  name: z.string().overwrite(cleanUserText).min(1, 'contact.nameRequired').max(CONTACT_LIMITS.name),
  company: z.string().overwrite(cleanUserText).max(CONTACT_LIMITS.company),
  notes: z.string().overwrite(cleanUserText).max(CONTACT_LIMITS.notes),
  favourite: z.boolean(),
  phones: z.array(ContactPhoneInputSchema).max(CONTACT_LIMITS.phonesPerContact),
};

export const ContactCreateSchema = z.strictObject({
  name: contactFields.name,
  company: contactFields.company.default(''),
  notes: contactFields.notes.default(''),
  favourite: contactFields.favourite.default(false),
  phones: contactFields.phones.default([]),
  /** Country for numbers typed without "+country code". */
  defaultCountry: CountryCodeSchema.optional(),
  /**
   * Keep the new contact on this desktop only, never shared with a team (issue 16): marked in the
   * same transaction as the insert, so it is never pushed. Absent: shared once a team is joined.
   */
  private: z.boolean().optional(),
});
export type ContactCreate = z.input<typeof ContactCreateSchema>;

/**
 * The contact as the edit form loaded it (its shared fields, numbers as stored), sent back with
 * the edit so the core merges field by field against what is stored now (a team-mate's change
 * that arrived meanwhile stays; store/contact-form-merge.ts). Within the form's limits.
 */
export const ContactFormBaseSchema = z.strictObject({
  name: z.string().max(CONTACT_LIMITS.name),
  company: z.string().max(CONTACT_LIMITS.company),
  notes: z.string().max(CONTACT_LIMITS.notes),
  phones: z.array(z.strictObject(ContactPhoneSchema.shape)).max(CONTACT_LIMITS.phonesPerContact),
});
export type ContactFormBase = z.infer<typeof ContactFormBaseSchema>;

/**
 * A contact's shared fields (name, company, notes, numbers: what a team shares; `favourite` stays
 * on each desktop) in a fixed key order, numbers as stored (label, e164, original, extension only
 * when set). The base a contact form sends for a contact it opened (ContactFormBaseSchema), and
 * the value the core compares and merges it with: the team phonebook's shared fields
 * (main/core/team/contact-merge.ts `sharedFields` is this function), so the form's base and the
 * stored contact are read the same way. Pure; a new object, nothing of `contact` shared but strings.
 */
export function contactFormBase(contact: Pick<Contact, 'name' | 'company' | 'notes' | 'phones'>): ContactFormBase {
  return {
    name: contact.name,
    company: contact.company,
    notes: contact.notes,
    phones: contact.phones.map((phone) => ({
      label: phone.label,
      e164: phone.e164,
      original: phone.original,
      ...(phone.extension ? { extension: phone.extension } : {}),
    })),
  };
}

/**
 * Fields left out stay as they are. Without `base`, `phones`, when given, replaces the whole list.
 * With `base` (the contact form's save), the edit is merged with what is stored now: only the
 * fields and numbers changed since `base` are written, and a contact deleted meanwhile is
 * restored with the edit (docs/team.md).
 */
export const ContactUpdateSchema = z.strictObject({
  id: ContactIdSchema,
  name: contactFields.name.optional(),
  company: contactFields.company.optional(),
  notes: contactFields.notes.optional(),
  favourite: contactFields.favourite.optional(),
  phones: contactFields.phones.optional(),
  defaultCountry: CountryCodeSchema.optional(),
  base: ContactFormBaseSchema.optional(),
});
export type ContactUpdate = z.input<typeof ContactUpdateSchema>;

export const ContactListQuerySchema = z.strictObject({
  /** Matches name, company (accents and case ignored) or any part of any number ("5550"). */
  search: z.string().max(CONTACT_LIMITS.search).overwrite(cleanUserText).default(''),
  favouritesFirst: z.boolean().default(true),
  favouritesOnly: z.boolean().default(false),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(CONTACT_LIMITS.pageSize).default(50),
});
export type ContactListQuery = z.input<typeof ContactListQuerySchema>;

/** A contact's place in list order: favourites first (when asked), then by folded name, then id. */
export const ContactCursorSchema = z.strictObject({
  favourite: z.boolean(),
  sortKey: z.string().max(1_000),
  id: ContactIdSchema,
});
export type ContactCursor = z.infer<typeof ContactCursorSchema>;

/** Where a page of contacts starts: either end, or just after / just before a contact (keyset). */
export const ContactAnchorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('first') }),
  z.strictObject({ kind: z.literal('last') }),
  z.strictObject({ kind: z.literal('after'), cursor: ContactCursorSchema }),
  z.strictObject({ kind: z.literal('before'), cursor: ContactCursorSchema }),
]);
export type ContactAnchor = z.infer<typeof ContactAnchorSchema>;

export const ContactPageQuerySchema = z.strictObject({
  search: z.string().max(CONTACT_LIMITS.search).overwrite(cleanUserText).default(''),
  favouritesFirst: z.boolean().default(true),
  favouritesOnly: z.boolean().default(false),
  anchor: ContactAnchorSchema.default({ kind: 'first' }),
  limit: z.number().int().min(1).max(CONTACT_LIMITS.pageSize).default(100),
  /**
   * Also count the matches (first page): exact, or a lower bound and not exact where counting
   * would scan (1,000; for a 1-2 character term, those among the first 4,000 in list order).
   */
  withTotal: z.boolean().default(false),
});
export type ContactPageQuery = z.input<typeof ContactPageQuerySchema>;

export const ContactKeysetPageSchema = z.object({
  /** `private`: kept on this desktop only, never shared with a team (issue 16); the list marks it. */
  items: z.array(ContactSchema.extend({ cursor: ContactCursorSchema, private: z.boolean() })),
  /** The anchor of the next page down the list; null at the end. */
  next: ContactAnchorSchema.nullable(),
  /** The anchor of the page above; null at the top. */
  previous: ContactAnchorSchema.nullable(),
  total: z.object({ count: z.number().int().nonnegative(), exact: z.boolean() }).nullable(),
});
export type ContactKeysetPage = z.infer<typeof ContactKeysetPageSchema>;
export type ContactListEntry = ContactKeysetPage['items'][number];

/** Other contacts that hold one of a contact's numbers (the contact page warns about them). */
export const SharedNumbersSchema = z.array(
  z.object({ e164: z.string(), contacts: z.array(z.object({ id: z.string(), name: z.string() })) }),
);
export type SharedNumbers = z.infer<typeof SharedNumbersSchema>;

/** contacts.numberHolders: who already holds these numbers (the contact form warns before saving). */
export const NumberHoldersQuerySchema = z.strictObject({
  numbers: z.array(E164Schema).min(1).max(CONTACT_LIMITS.phonesPerContact),
  /** The contact being edited: not counted as another holder. */
  exceptId: ContactIdSchema.optional(),
});

export const ContactPageSchema = z.object({
  items: z.array(ContactSchema),
  total: z.number().int().nonnegative(),
});
export type ContactPage = z.infer<typeof ContactPageSchema>;

export const ContactDeleteSchema = z.strictObject({
  ids: z.array(ContactIdSchema).min(1).max(CONTACT_LIMITS.bulkIds),
});

export const ContactDeleteResultSchema = z.object({
  deleted: z.number().int().nonnegative(),
  /** True while `undoDelete` can bring them back (until the next change to contacts). */
  undoable: z.boolean(),
});
export type ContactDeleteResult = z.infer<typeof ContactDeleteResultSchema>;

export const ContactUndoResultSchema = z.object({ restored: z.array(ContactSchema) });
export type ContactUndoResult = z.infer<typeof ContactUndoResultSchema>;

/** `ids` is empty when too many changed to list (an import): reload the list. */
export const ContactsChangedEventSchema = z.object({
  reason: z.enum(['created', 'updated', 'deleted', 'restored', 'imported', 'importUndone']),
  ids: z.array(z.string()),
});
export type ContactsChangedEvent = z.infer<typeof ContactsChangedEventSchema>;
