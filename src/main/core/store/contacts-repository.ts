import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  CONTACT_LIMITS,
  ContactCreateSchema,
  ContactListQuerySchema,
  ContactSchema,
  ContactUpdateSchema,
  type Contact,
  type ContactCreate,
  type ContactDeleteResult,
  type ContactListQuery,
  type ContactPage,
  type ContactPhone,
  type ContactUndoResult,
  type ContactUpdate,
} from '../../../shared/contacts.ts';
import { AppError } from '../../../shared/errors.ts';
import { phoneProblemError } from '../../../shared/phone-errors.ts';
import { cutAtGraphemeBoundary } from '../../../shared/text-cut.ts';
import { normalizePhoneNumber, phoneDigits, type CountryCode } from '../../../shared/phone.ts';
import { foldText, likeContains, numberSearchDigits, searchTerms } from './search-text.ts';
import { toStorageError } from './sqlite-errors.ts';
import { cached } from './statement-cache.ts';
import { inTransaction } from './transaction.ts';
import { parseOrThrow } from './validation.ts';

/** A contact's fields before it has an id: what create, undo and import write. */
export interface ContactDraft {
  name: string;
  company: string;
  notes: string;
  favourite: boolean;
  phones: ContactPhone[];
}

/** What the import merge policy decided for one record (io/import-merge-policy.ts). */
export type ImportDecision =
  | { readonly kind: 'new'; readonly sharesNumberWith: readonly Contact[] }
  | { readonly kind: 'duplicate'; readonly existing: Contact };

export type ImportOutcome =
  | { kind: 'imported'; contactId: string; sharesNumberWith: string[] }
  | { kind: 'merged'; contactId: string; duplicateOf: string; dropped: number }
  | { kind: 'skipped'; contactId: string; duplicateOf: string };

export interface ContactsRepositoryOptions {
  readonly now?: () => Date;
  /** Called inside the transaction that renames a contact (the call log keeps names for search). */
  readonly onRenamed?: (contactId: string, name: string) => void;
}

interface ContactRow {
  id: string;
  name: string;
  company: string;
  notes: string;
  favourite: number;
  created_at: string;
  updated_at: string;
}

interface PhoneRow {
  contact_id: string;
  label: string;
  e164: string;
  original: string;
  extension: string;
}

const CONTACT_COLUMNS = 'id, name, company, notes, favourite, created_at, updated_at';

export type ContactsRepository = ReturnType<typeof createContactsRepository>;

export function createContactsRepository(db: DatabaseSync, options: ContactsRepositoryOptions = {}) {
  const now = (): string => (options.now?.() ?? new Date()).toISOString();
  const statements = prepareStatements(db);

  function readContacts(rows: ContactRow[]): Contact[] {
    if (rows.length === 0) return [];
    const phones = new Map<string, ContactPhone[]>();
    const phoneRows = statements.phonesOf.all(JSON.stringify(rows.map((row) => row.id))) as unknown as PhoneRow[];
    for (const phone of phoneRows) {
      const list = phones.get(phone.contact_id) ?? [];
      list.push({
        label: phone.label,
        e164: phone.e164,
        original: phone.original,
        ...(phone.extension !== '' ? { extension: phone.extension } : {}),
      });
      phones.set(phone.contact_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      company: row.company,
      notes: row.notes,
      favourite: row.favourite === 1,
      phones: phones.get(row.id) ?? [],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  function find(id: string): Contact | null {
    const row = statements.byId.get(id) as ContactRow | undefined;
    return row ? readContacts([row])[0]! : null;
  }

  function get(id: string): Contact {
    const contact = find(id);
    if (!contact) throw new AppError('not_found', 'This contact no longer exists: it may have been deleted.', { id });
    return contact;
  }

  /** Writes the contact and its numbers; `isNew` skips clearing numbers that cannot exist yet (imports). */
  function writeRow(id: string, draft: ContactDraft, createdAt: string, updatedAt: string, isNew = false): void {
    statements.upsert.run({
      id,
      name: draft.name,
      company: draft.company,
      notes: draft.notes,
      favourite: draft.favourite ? 1 : 0,
      createdAt,
      updatedAt,
      sortKey: foldText(draft.name),
      searchText: foldText(`${draft.name} ${draft.company}`),
      phoneSearch: draft.phones.map((phone) => numberSearchDigits(phone.e164)).join(' '),
    });
    if (!isNew) statements.deletePhones.run(id);
    draft.phones.forEach((phone, position) => {
      statements.insertPhone.run(id, position, phone.label, phone.e164, phone.original, phone.extension ?? '');
    });
  }

  /** Every mutation other than delete ends the undo window. */
  function endUndoWindow(): void {
    statements.clearUndo.run();
  }

  function write<T>(action: string, work: () => T): T {
    try {
      return inTransaction(db, work);
    } catch (error) {
      throw toStorageError(error, action);
    }
  }

  function create(input: ContactCreate): Contact {
    const parsed = parseOrThrow(ContactCreateSchema, input, 'contact');
    const draft: ContactDraft = { ...parsed, phones: normalizePhoneInputs(parsed.phones, parsed.defaultCountry) };
    const id = randomUUID();
    const timestamp = now();
    return write('Saving the contact', () => {
      endUndoWindow();
      writeRow(id, draft, timestamp, timestamp);
      return get(id);
    });
  }

  function update(input: ContactUpdate): Contact {
    const parsed = parseOrThrow(ContactUpdateSchema, input, 'contact update');
    return write('Saving the contact', () => {
      const current = get(parsed.id);
      const draft: ContactDraft = {
        name: parsed.name ?? current.name,
        company: parsed.company ?? current.company,
        notes: parsed.notes ?? current.notes,
        favourite: parsed.favourite ?? current.favourite,
        phones: parsed.phones ? normalizePhoneInputs(parsed.phones, parsed.defaultCountry) : current.phones,
      };
      endUndoWindow();
      writeRow(current.id, draft, current.createdAt, now());
      if (draft.name !== current.name) options.onRenamed?.(current.id, draft.name);
      return get(current.id);
    });
  }

  function setFavourite(id: string, favourite: boolean): Contact {
    return update({ id, favourite });
  }

  function toggleFavourite(id: string): Contact {
    return write('Saving the contact', () => setFavourite(id, !get(id).favourite));
  }

  function remove(ids: readonly string[]): ContactDeleteResult {
    return write('Deleting contacts', () => {
      const rows = statements.byIds.all(JSON.stringify(ids)) as unknown as ContactRow[];
      if (rows.length === 0) throw new AppError('not_found', 'These contacts no longer exist.', { ids });
      statements.saveUndo.run(now(), JSON.stringify(readContacts(rows)));
      statements.deleteByIds.run(JSON.stringify(rows.map((row) => row.id)));
      return { deleted: rows.length, undoable: true };
    });
  }

  function undoDelete(): ContactUndoResult {
    return write('Restoring contacts', () => {
      const slot = statements.readUndo.get() as { contacts_json: string } | undefined;
      if (!slot) {
        throw new AppError('not_found', 'There is nothing to undo: a delete can be undone only until the next change.');
      }
      const saved = ContactSchema.array().parse(JSON.parse(slot.contacts_json));
      endUndoWindow();
      for (const contact of saved) {
        if (!find(contact.id)) writeRow(contact.id, contact, contact.createdAt, contact.updatedAt);
      }
      return { restored: saved.map((contact) => get(contact.id)) };
    });
  }

  function canUndoDelete(): boolean {
    return statements.readUndo.get() !== undefined;
  }

  function list(query: ContactListQuery = {}): ContactPage {
    const parsed = parseOrThrow(ContactListQuerySchema, query, 'contact list query');
    const where: string[] = [];
    const params: (string | number)[] = [];
    const { digits, words } = searchTerms(parsed.search);
    // Typed digits are one run inside a stored form of a number (search-text.ts numberSearchDigits).
    const numberMatch = (typed: string): string => {
      params.push(likeContains(typed));
      return `phone_search LIKE ? ESCAPE '\\'`;
    };
    if (digits !== null) where.push(`(${numberMatch(digits)})`);
    for (const word of words) {
      params.push(likeContains(word));
      const wordDigits = phoneDigits(word);
      where.push(
        wordDigits === ''
          ? `search_text LIKE ? ESCAPE '\\'`
          : `(search_text LIKE ? ESCAPE '\\' OR ${numberMatch(wordDigits)})`,
      );
    }
    if (parsed.favouritesOnly) where.push('favourite = 1');
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = parsed.favouritesFirst ? 'favourite DESC, sort_key, id' : 'sort_key, id';
    // A search reads every row anyway: one sequential pass that also counts (window) beats
    // walking the name index and probing each row, then counting in a second pass.
    const searching = where.length > 0;
    const rows = cached(
      db,
      searching
        ? `SELECT ${CONTACT_COLUMNS}, count(*) OVER () AS total FROM contacts NOT INDEXED ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`
        : `SELECT ${CONTACT_COLUMNS} FROM contacts ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...params, parsed.limit, parsed.offset) as unknown as (ContactRow & { total?: number })[];
    const total =
      rows[0]?.total ??
      (cached(db, `SELECT count(*) AS n FROM contacts ${whereSql}`).get(...params) as { n: number }).n;
    return { items: readContacts(rows), total };
  }

  /** The contact to link a call to: favourites first, then by name. */
  function matchContactByNumber(e164: string): { id: string; name: string } | null {
    const row = statements.matchByNumber.get(e164) as { id: string; name: string } | undefined;
    return row ? { id: row.id, name: row.name } : null;
  }

  /** Every contact holding this number (for the import merge policy in io/import-merge-policy.ts). */
  function contactsWithNumber(e164: string): Contact[] {
    return readContacts(statements.byNumber.all(e164) as unknown as ContactRow[]);
  }

  function mergeInto(existing: Contact, draft: ContactDraft): { changed: boolean; dropped: number } {
    const added = draft.phones.filter((phone) => !existing.phones.some((known) => samePhone(known, phone)));
    const room = CONTACT_LIMITS.phonesPerContact - existing.phones.length;
    const notesToAdd =
      draft.notes.trim() !== '' && !existing.notes.includes(draft.notes.trim()) ? draft.notes.trim() : '';
    const merged: ContactDraft = {
      name: existing.name,
      company: existing.company || draft.company,
      notes: notesToAdd
        ? cutAtGraphemeBoundary([existing.notes, notesToAdd].filter(Boolean).join('\n\n'), CONTACT_LIMITS.notes)
        : existing.notes,
      favourite: existing.favourite || draft.favourite,
      phones: [...existing.phones, ...added.slice(0, Math.max(0, room))],
    };
    const changed =
      merged.company !== existing.company ||
      merged.notes !== existing.notes ||
      merged.favourite !== existing.favourite ||
      merged.phones.length !== existing.phones.length;
    if (changed) writeRow(existing.id, merged, existing.createdAt, now());
    return { changed, dropped: Math.max(0, added.length - Math.max(0, room)) };
  }

  /**
   * Writes imported contacts in ONE transaction (all or nothing). `decide` is the merge policy
   * (io/import-merge-policy.ts); it sees the database and the earlier records of the same import.
   */
  function importDrafts(
    drafts: readonly ContactDraft[],
    duplicates: 'merge' | 'skip',
    decide: (draft: ContactDraft, lookup: { contactsWithNumber(e164: string): Contact[] }) => ImportDecision,
    onProgress?: (done: number) => void,
  ): ImportOutcome[] {
    return write('Importing contacts', () => {
      endUndoWindow();
      const timestamp = now();
      return drafts.map((draft, index): ImportOutcome => {
        if (onProgress && index % 1_000 === 0) onProgress(index);
        const decision = decide(draft, { contactsWithNumber });
        if (decision.kind === 'new') {
          const id = randomUUID();
          writeRow(id, draft, timestamp, timestamp, true);
          return { kind: 'imported', contactId: id, sharesNumberWith: decision.sharesNumberWith.map((c) => c.name) };
        }
        const existing = decision.existing;
        if (duplicates === 'skip') return { kind: 'skipped', contactId: existing.id, duplicateOf: existing.name };
        const { dropped } = mergeInto(existing, draft);
        return { kind: 'merged', contactId: existing.id, duplicateOf: existing.name, dropped };
      });
    });
  }

  /** Contacts in name order after `cursor` (exclusive), for exports that stream in pages. */
  function pageByName(
    cursor: { sortKey: string; id: string } | null,
    limit: number,
  ): {
    items: Contact[];
    next: { sortKey: string; id: string } | null;
  } {
    const rows = (cursor
      ? statements.pageAfter.all(cursor.sortKey, cursor.sortKey, cursor.id, limit)
      : statements.pageFirst.all(limit)) as unknown as (ContactRow & { sort_key: string })[];
    const last = rows.at(-1);
    return {
      items: readContacts(rows),
      next: last && rows.length === limit ? { sortKey: last.sort_key, id: last.id } : null,
    };
  }

  function getMany(ids: readonly string[]): Contact[] {
    const rows = statements.byIds.all(JSON.stringify(ids)) as unknown as ContactRow[];
    return readContacts(rows);
  }

  function count(): number {
    return (statements.count.get() as { n: number }).n;
  }

  /** The most numbers any contact has (CSV export needs that many column pairs). */
  function maxPhoneCount(): number {
    return (statements.maxPhones.get() as { n: number | null }).n ?? 0;
  }

  return {
    create,
    update,
    get,
    find,
    getMany,
    delete: remove,
    undoDelete,
    canUndoDelete,
    setFavourite,
    toggleFavourite,
    list,
    count,
    maxPhoneCount,
    matchContactByNumber,
    contactsWithNumber,
    importDrafts,
    pageByName,
  };
}

/** Normalises typed numbers to E.164; a number that cannot be read is an error naming it. */
export function normalizePhoneInputs(
  inputs: readonly { label: string; number: string }[],
  defaultCountry: CountryCode | undefined,
): ContactPhone[] {
  const phones: ContactPhone[] = [];
  inputs.forEach((input, index) => {
    const result = normalizePhoneNumber(input.number, defaultCountry);
    if (!result.ok) throw phoneProblemError(result, input.number, defaultCountry, `phones.${index}.number`);
    if (!phones.some((phone) => samePhone(phone, result))) {
      phones.push({ label: input.label, ...phoneFields(result), original: input.number });
    }
  });
  return phones;
}

/** The stored parts of a read number: E.164 and, when written, its extension. */
export function phoneFields(result: {
  e164: string;
  extension: string | null;
}): Pick<ContactPhone, 'e164' | 'extension'> {
  return { e164: result.e164, ...(result.extension ? { extension: result.extension } : {}) };
}

/** One number of a contact: the same E.164 with another extension is another line (an office's desks). */
export function samePhone(
  a: { e164: string; extension?: string | null | undefined },
  b: { e164: string; extension?: string | null | undefined },
): boolean {
  return a.e164 === b.e164 && (a.extension || '') === (b.extension || '');
}

function prepareStatements(db: DatabaseSync) {
  return {
    byId: db.prepare(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = ?`),
    byIds: db.prepare(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_key, id`,
    ),
    bySortKey: db.prepare(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE sort_key = ? ORDER BY id`),
    phonesOf: db.prepare(
      'SELECT contact_id, label, e164, original, extension FROM contact_phones WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY contact_id, position',
    ),
    upsert: db.prepare(
      `INSERT INTO contacts (id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search)
       VALUES (:id, :name, :company, :notes, :favourite, :createdAt, :updatedAt, :sortKey, :searchText, :phoneSearch)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, company = excluded.company, notes = excluded.notes,
         favourite = excluded.favourite, updated_at = excluded.updated_at, sort_key = excluded.sort_key,
         search_text = excluded.search_text, phone_search = excluded.phone_search`,
    ),
    deletePhones: db.prepare('DELETE FROM contact_phones WHERE contact_id = ?'),
    insertPhone: db.prepare(
      'INSERT INTO contact_phones (contact_id, position, label, e164, original, extension) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteByIds: db.prepare('DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))'),
    saveUndo: db.prepare('INSERT OR REPLACE INTO contact_undo (slot, deleted_at, contacts_json) VALUES (1, ?, ?)'),
    readUndo: db.prepare('SELECT contacts_json FROM contact_undo WHERE slot = 1'),
    clearUndo: db.prepare('DELETE FROM contact_undo'),
    byNumber: db.prepare(
      `SELECT DISTINCT ${CONTACT_COLUMNS.split(',')
        .map((column) => `c.${column.trim()}`)
        .join(', ')}
       FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE p.e164 = ? ORDER BY c.sort_key, c.id`,
    ),
    matchByNumber: db.prepare(
      `SELECT c.id, c.name FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
       WHERE p.e164 = ? ORDER BY c.favourite DESC, c.sort_key, c.id LIMIT 1`,
    ),
    pageFirst: db.prepare(`SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts ORDER BY sort_key, id LIMIT ?`),
    pageAfter: db.prepare(
      `SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts WHERE sort_key > ? OR (sort_key = ? AND id > ?)
       ORDER BY sort_key, id LIMIT ?`,
    ),
    count: db.prepare('SELECT count(*) AS n FROM contacts'),
    maxPhones: db.prepare('SELECT max(position) + 1 AS n FROM contact_phones'),
  };
}
