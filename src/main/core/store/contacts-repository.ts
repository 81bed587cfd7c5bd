import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import {
  CONTACT_LIMITS,
  ContactCreateSchema,
  ContactListQuerySchema,
  ContactPageQuerySchema,
  ContactSchema,
  ContactUpdateSchema,
  type Contact,
  type ContactCreate,
  type ContactCursor,
  type ContactKeysetPage,
  type ContactPageQuery,
  type SharedNumbers,
  type ContactDeleteResult,
  type ContactFormBase,
  type ContactListQuery,
  type ContactPage,
  type ContactPhone,
  type ContactUndoResult,
  type ContactUpdate,
} from '../../../shared/contacts.ts';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { sharedFields, type SharedContactFields } from '../team/contact-merge.ts';
import { mergeContactForm, type OverwrittenValue } from './contact-form-merge.ts';
import { destinationProblemError } from '../../../shared/phone-errors.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import { cutAtGraphemeBoundary } from '../../../shared/text-cut.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import {
  contactSearchText,
  contactSortKey,
  likeContains,
  numberSearchDigits,
  searchTerms,
  wordNumberDigits,
} from './search-text.ts';
import { toStorageError } from './sqlite-errors.ts';
import { cached } from './statement-cache.ts';
import { inTransaction } from './transaction.ts';
import { parseOrThrow } from './validation.ts';
import { contactForNumberSql } from './call-contact-link.ts';

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
  | {
      kind: 'merged';
      contactId: string;
      duplicateOf: string;
      dropped: number;
      /** False when the record added nothing new. */ changed: boolean;
    }
  | { kind: 'skipped'; contactId: string; duplicateOf: string };

/** What a merged form save reports inside its transaction (team/contacts-store.ts keeps revisions). */
export interface ContactFormOverwrite {
  readonly contactId: string;
  /** The contact as the form loaded it. */
  readonly base: ContactFormBase;
  /** Stored values the save replaced that had changed since `base`. */
  readonly overwritten: readonly OverwrittenValue[];
  /** The contact had been deleted meanwhile: the save wrote it back. */
  readonly restored: boolean;
}

export interface ContactUpdateHooks {
  /** Called inside the save's transaction when it overwrote a changed value or restored the contact. */
  readonly onOverwritten?: (overwrite: ContactFormOverwrite) => void;
}

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

/**
 * Rows of the name index a search tests in list order (the index carries the folded texts,
 * migration 17: ~0.1 µs a row) before it reads the trigram index instead.
 */
const SEARCH_WALK = 4_000;
/** Counting matches stops here ("1,000+"). */
const COUNT_CAP = 1_000;
/**
 * A term with at most this many matches in the trigram index is read from it and sorted (~0.5 µs a
 * match, per favourite block); the count is the one the total needs.
 */
const RARE_MATCHES = COUNT_CAP;

interface ContactSearch {
  readonly like: { readonly sql: string[]; readonly params: SQLInputValue[] };
  /** A 1-2 character term that no contact contains: nothing can match. */
  readonly empty: boolean;
  /** Every term has 3+ characters: `longMatch` is the whole search. */
  readonly long: boolean;
  /**
   * The trigram MATCH of the terms whose every form has 3+ characters (built without reading the
   * vocabulary; null: none has): its matches hold every match of the search.
   */
  readonly longMatch: string | null;
  /**
   * The trigram MATCH expression (null: no search), or `empty` when a 1-2 character term is in
   * no contact. Built on first use: for a 1-2 character term it reads the index's vocabulary,
   * whose cost grows with how common the term is, so only a walk that found little asks.
   */
  readonly index: () => { readonly match: string | null; readonly empty: boolean };
  /** Matches of `longMatch` in the trigram index, counted up to `cap` (memoized per cap). */
  readonly indexCount: (cap: number) => number;
}

/** Where a favourite block comes in the order being read. */
function positionOf(block: 0 | 1, ordered: readonly (0 | 1 | null)[]): number {
  return ordered.indexOf(block);
}

export function createContactsRepository(db: DatabaseSync, options: ContactsRepositoryOptions = {}) {
  const now = (): string => (options.now?.() ?? new Date()).toISOString();
  const statements = prepareStatements(db);
  // Contacts kept on this desktop only (issue 16: team_contact_state, store step 16), for the
  // list's marker and a contact created private. Prepared on first use: a store opened on an older
  // schema (a backup being brought up to date, tests of upgrades) has no such table yet.
  let teamStatements: { markPrivate: StatementSync; privateOf: StatementSync } | null = null;
  const teamState = () =>
    (teamStatements ??= {
      markPrivate: db.prepare(
        `INSERT INTO team_contact_state (contact_id, private, dirty) VALUES (?, 1, 0)
         ON CONFLICT (contact_id) DO UPDATE SET private = 1, dirty = 0`,
      ),
      privateOf: db.prepare(
        'SELECT contact_id FROM team_contact_state WHERE private = 1 AND contact_id IN (SELECT value FROM json_each(?))',
      ),
    });

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
      sortKey: contactSortKey(draft.name),
      searchText: contactSearchText(draft.name, draft.company),
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
      // Private from the start: marked (and not dirty) in the insert's transaction, so a team sync
      // running next never sees it as a change to push.
      if (parsed.private) teamState().markPrivate.run(id);
      return get(id);
    });
  }

  /**
   * Saves an edit. With `base` (the contact form, ContactUpdateSchema) the edit is merged with the
   * stored contact (store/contact-form-merge.ts) and `onOverwritten` hears, inside the same
   * transaction, the values the edit replaced that had changed since `base`; a contact deleted
   * meanwhile is written back (restored) with the edit. Without `base`, a missing contact is
   * AppError 'not_found'. A bad payload is AppError 'invalid_input' and changes nothing.
   */
  function update(input: ContactUpdate, hooks: ContactUpdateHooks = {}): Contact {
    const parsed = parseOrThrow(ContactUpdateSchema, input, 'contact update');
    if (parsed.base) return updateFromForm({ ...parsed, base: parsed.base }, hooks);
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

  function updateFromForm(
    parsed: z.output<typeof ContactUpdateSchema> & { base: ContactFormBase },
    hooks: ContactUpdateHooks,
  ): Contact {
    const { base } = parsed;
    const mine: SharedContactFields = {
      name: parsed.name ?? base.name,
      company: parsed.company ?? base.company,
      notes: parsed.notes ?? base.notes,
      phones: parsed.phones ? normalizePhoneInputs(parsed.phones, parsed.defaultCountry) : base.phones,
    };
    return write('Saving the contact', () => {
      const current = find(parsed.id);
      const merge = mergeContactForm(base, current && sharedFields(current), mine);
      if (merge.fields.phones.length > CONTACT_LIMITS.phonesPerContact) {
        const params = { max: CONTACT_LIMITS.phonesPerContact };
        throw new AppError(
          'invalid_input',
          `With the numbers added meanwhile this contact would have more than ${params.max}: nothing was saved.`,
          { id: parsed.id },
          {
            key: 'contact.tooManyPhones',
            params,
            fields: [{ path: ['phones'], key: 'contact.tooManyPhones', params }],
          },
        );
      }
      const timestamp = now();
      endUndoWindow();
      writeRow(
        parsed.id,
        {
          ...merge.fields,
          phones: [...merge.fields.phones],
          favourite: parsed.favourite ?? current?.favourite ?? false,
        },
        current?.createdAt ?? timestamp,
        timestamp,
        current === null,
      );
      if (current && merge.fields.name !== current.name) options.onRenamed?.(parsed.id, merge.fields.name);
      if (merge.overwritten.length > 0 || merge.restored) {
        hooks.onOverwritten?.({ contactId: parsed.id, base, overwritten: merge.overwritten, restored: merge.restored });
      }
      return get(parsed.id);
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

  /**
   * Writes a contact as the team holds it (team sync, issue 16): the shared fields replace this
   * desktop's, its favourite and creation time stay (a new contact gets `at` for both times);
   * `fields` null removes it. Leaves the delete-undo window alone: this is not the user's action.
   */
  function applyShared(
    id: string,
    fields: (Omit<ContactDraft, 'favourite' | 'phones'> & { readonly phones: readonly ContactPhone[] }) | null,
    at: string,
  ): void {
    write('Saving a team contact', () => {
      const current = find(id);
      if (fields === null) {
        if (current) statements.deleteByIds.run(JSON.stringify([id]));
        return;
      }
      const draft = { ...fields, phones: [...fields.phones], favourite: current?.favourite ?? false };
      writeRow(id, draft, current?.createdAt ?? at, at, !current);
      if (current && fields.name !== current.name) options.onRenamed?.(id, fields.name);
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
      const wordDigits = wordNumberDigits(word);
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

  /**
   * A page of contacts by keyset (issue 13): `limit` rows in list order from the anchor, the
   * anchors of the pages around it, and (`withTotal`) the number of matches. A 1-2 character term
   * no contact holds ends the search at once (one vocabulary read); a 3+ character term with at
   * most RARE_MATCHES matches in the trigram index (contacts_fts) is read from it and sorted;
   * otherwise the name index, which carries the folded texts, is walked testing each row (a common
   * term fills the page within SEARCH_WALK rows), and when that does not fill it the matches come
   * from the trigram index, sorted. Counts stop at COUNT_CAP (searchTotal).
   */
  function page(query: ContactPageQuery = {}): ContactKeysetPage {
    const parsed = parseOrThrow(ContactPageQuerySchema, query, 'contact page query');
    const { anchor, limit } = parsed;
    const forward = anchor.kind === 'first' || anchor.kind === 'after';
    const cursor = anchor.kind === 'after' || anchor.kind === 'before' ? anchor.cursor : null;
    const search = contactSearch(parsed.search);
    const blocks: (0 | 1 | null)[] = parsed.favouritesOnly ? [1] : parsed.favouritesFirst ? [1, 0] : [null];
    const ordered = forward ? blocks : [...blocks].reverse();
    const rows: (ContactRow & { sort_key: string })[] = [];
    for (const favourite of ordered) {
      if (rows.length > limit) break;
      // Blocks before the cursor's one are skipped; the cursor's block starts after it.
      if (
        cursor &&
        favourite !== null &&
        positionOf(favourite, ordered) < positionOf(cursor.favourite ? 1 : 0, ordered)
      )
        continue;
      const within = cursor && (favourite === null || (cursor.favourite ? 1 : 0) === favourite) ? cursor : null;
      rows.push(...blockRows(favourite, within, forward, limit + 1 - rows.length, search));
    }
    const more = rows.length > limit;
    const kept = rows.slice(0, limit);
    const inOrder = forward ? kept : kept.reverse();
    const privateIds = new Set(
      (teamState().privateOf.all(JSON.stringify(inOrder.map((row) => row.id))) as { contact_id: string }[]).map(
        (row) => row.contact_id,
      ),
    );
    const items = readContacts(inOrder).map((contact, index) => ({
      ...contact,
      cursor: { favourite: contact.favourite, sortKey: inOrder[index]!.sort_key, id: contact.id },
      private: privateIds.has(contact.id),
    }));
    const first = items[0];
    const last = items.at(-1);
    const nextExists = forward ? more : anchor.kind !== 'last';
    const previousExists = forward ? anchor.kind !== 'first' : more;
    return {
      items,
      next: nextExists && last ? { kind: 'after', cursor: last.cursor } : null,
      previous: previousExists && first ? { kind: 'before', cursor: first.cursor } : null,
      total: parsed.withTotal ? searchTotal(search, parsed.favouritesOnly) : null,
    };
  }

  /** Rows of one favourite block (null: all contacts) after/before `cursor`, in list order or reversed. */
  function blockRows(
    favourite: 0 | 1 | null,
    cursor: ContactCursor | null,
    forward: boolean,
    limit: number,
    search: ContactSearch,
  ): (ContactRow & { sort_key: string })[] {
    if (search.empty) return [];
    const conditions: string[] = [];
    const params: SQLInputValue[] = [];
    if (favourite !== null) {
      conditions.push('favourite = ?');
      params.push(favourite);
    }
    if (cursor) {
      conditions.push(`(sort_key, id) ${forward ? '>' : '<'} (?, ?)`);
      params.push(cursor.sortKey, cursor.id);
    }
    const index = favourite === null ? 'contacts_by_name' : 'contacts_by_favourite_name';
    const order = forward ? 'sort_key, id' : 'sort_key DESC, id DESC';
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    if (search.like.sql.length === 0) {
      return cached(
        db,
        `SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts INDEXED BY ${index} ${where} ORDER BY ${order} LIMIT ?`,
      ).all(...params, limit) as unknown as (ContactRow & { sort_key: string })[];
    }
    // The 3+ character terms are rare (counting them in the trigram index is cheap): their few
    // matches, tested for the other terms, sorted.
    const rest = search.long ? { sql: [], params: [] } : search.like;
    const candidates = (match: string) =>
      indexedRows(match, [...conditions, ...rest.sql], [...params, ...rest.params], order, limit);
    if (search.longMatch !== null && search.indexCount(RARE_MATCHES + 1) <= RARE_MATCHES) {
      return candidates(search.longMatch);
    }
    // A common term: the first SEARCH_WALK rows in list order, tested from the index alone, hold the page.
    const walked = cached(
      db,
      `SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts WHERE rowid IN (
         SELECT rowid FROM (SELECT rowid, search_text, phone_search FROM contacts INDEXED BY ${index}
           ${where} ORDER BY ${order} LIMIT ${SEARCH_WALK})
         WHERE ${search.like.sql.join(' AND ')} LIMIT ?)
       ORDER BY ${order}`,
    ).all(...params, ...search.like.params, limit) as unknown as (ContactRow & { sort_key: string })[];
    if (walked.length === limit) return walked;
    const inBlock = (
      cached(
        db,
        `SELECT count(*) AS n FROM (SELECT 1 FROM contacts INDEXED BY ${index} ${where} LIMIT ${SEARCH_WALK})`,
      ).get(...params) as { n: number }
    ).n;
    if (inBlock < SEARCH_WALK) return walked; // the walk reached the end of the block
    // Sparse in list order: the matches from the trigram index, sorted (known gap: a term with many
    // matches, less than a page of them in the walk, reads them all).
    if (search.longMatch !== null) return candidates(search.longMatch);
    const { match, empty } = search.index();
    return empty ? [] : indexedRows(match!, conditions, params, order, limit);
  }

  /** Rows of the trigram index matching `match`, counted up to `cap`. */
  function matchCount(match: string, cap: number): number {
    return (
      cached(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ?)').get(
        match,
        cap,
      ) as { n: number }
    ).n;
  }

  /**
   * The first `limit` rows in `order` of the trigram index's matches for `match` (rowids are the
   * contacts'). NOT INDEXED: with `favourite = ?` the planner would otherwise walk the whole
   * favourite block in order testing each row against the matches, instead of sorting the few.
   */
  function indexedRows(
    match: string,
    conditions: readonly string[],
    params: readonly SQLInputValue[],
    order: string,
    limit: number,
  ): (ContactRow & { sort_key: string })[] {
    return cached(
      db,
      `SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts NOT INDEXED
       WHERE rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?) ${conditions.length > 0 ? `AND ${conditions.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ?`,
    ).all(match, ...params, limit) as unknown as (ContactRow & { sort_key: string })[];
  }

  /**
   * The number of matching contacts: exact up to COUNT_CAP, else COUNT_CAP and not exact. A 1-2
   * character term is counted within the first SEARCH_WALK rows in list order first: a lower
   * bound ("37+", not exact) when some are found there and the list goes on, the vocabulary and
   * the trigram index only when none are.
   */
  function searchTotal(search: ContactSearch, favouritesOnly: boolean): { count: number; exact: boolean } {
    if (search.empty) return { count: 0, exact: true };
    const favourite = favouritesOnly ? ' WHERE favourite = 1' : '';
    if (search.like.sql.length === 0) {
      return {
        count: (cached(db, `SELECT count(*) AS n FROM contacts${favourite}`).get() as { n: number }).n,
        exact: true,
      };
    }
    if (search.longMatch !== null && search.indexCount(RARE_MATCHES + 1) <= RARE_MATCHES) {
      if (search.long && !favouritesOnly) return { count: search.indexCount(RARE_MATCHES + 1), exact: true };
      const rest = search.long ? [] : search.like.sql;
      return {
        count: (
          cached(
            db,
            `SELECT count(*) AS n FROM contacts NOT INDEXED WHERE rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)
             ${[...(favouritesOnly ? ['favourite = 1'] : []), ...rest].map((condition) => `AND ${condition}`).join(' ')}`,
          ).get(search.longMatch, ...(search.long ? [] : search.like.params)) as { n: number }
        ).n,
        exact: true,
      };
    }
    if (search.long && !favouritesOnly) return { count: COUNT_CAP, exact: false };
    if (!search.long) {
      const index = favouritesOnly ? 'contacts_by_favourite_name' : 'contacts_by_name';
      const found = (
        cached(
          db,
          `SELECT count(*) AS n FROM (SELECT 1 FROM (
             SELECT search_text, phone_search FROM contacts INDEXED BY ${index}${favourite} LIMIT ${SEARCH_WALK})
           WHERE ${search.like.sql.join(' AND ')} LIMIT ${COUNT_CAP + 1})`,
        ).get(...search.like.params) as { n: number }
      ).n;
      if (found > COUNT_CAP) return { count: COUNT_CAP, exact: false };
      const rows = (
        cached(
          db,
          `SELECT count(*) AS n FROM (SELECT 1 FROM contacts INDEXED BY ${index}${favourite} LIMIT ${SEARCH_WALK})`,
        ).get() as { n: number }
      ).n;
      if (rows < SEARCH_WALK) return { count: found, exact: true };
      if (found > 0) return { count: found, exact: false };
    }
    const { match, empty } = search.index();
    if (empty) return { count: 0, exact: true };
    const counted = favouritesOnly
      ? (
          cached(
            db,
            `SELECT count(*) AS n FROM (SELECT 1 FROM contacts_fts f JOIN contacts c ON c.rowid = f.rowid AND c.favourite = 1
             WHERE contacts_fts MATCH ? LIMIT ${COUNT_CAP + 1})`,
          ).get(match) as { n: number }
        ).n
      : matchCount(match!, COUNT_CAP + 1);
    return counted > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: counted, exact: true };
  }

  /**
   * The search box for contacts, two equivalent ways: LIKE conditions on the folded texts (to test
   * rows while walking the name index) and a trigram MATCH expression (to find rare matches, built
   * when first asked for). A 1-2 character term is every trigram of the index's vocabulary that
   * starts with it (the indexed texts end in two spaces, so every character starts one); none
   * means no contact can match.
   */
  function contactSearch(text: string): ContactSearch {
    const { digits, words } = searchTerms(text);
    const like: { sql: string[]; params: SQLInputValue[] } = { sql: [], params: [] };
    let empty = false;
    /**
     * A 1-2 character term no trigram begins with (the indexed texts end in two spaces, so every
     * character begins one). The occurrences are read lazily and the first in the column ends the
     * read: the digits column holds only digits and spaces, so for a term with any other character
     * every occurrence is in the words column; a words term of digits alone could be behind every
     * occurrence in numbers (~50 ms at 100,000 contacts), so it is not asked.
     */
    const surelyAbsent = (column: 'words' | 'digits', term: string): boolean =>
      term.length < 3 &&
      (column === 'digits' || !/^[\d ]+$/.test(term)) &&
      cached(db, 'SELECT 1 FROM contacts_vocab_instance WHERE term >= ? AND term < ? AND col = ? LIMIT 1').get(
        term,
        `${term}\uffff`,
        column,
      ) === undefined;
    const alternativesPerTerm: [column: 'words' | 'digits', term: string][][] = [];
    const add = (alternatives: [column: 'words' | 'digits', term: string][]): void => {
      alternativesPerTerm.push(alternatives);
      if (alternatives.every(([column, term]) => surelyAbsent(column, term))) empty = true;
      like.sql.push(
        `(${alternatives.map(([column]) => `${column === 'words' ? 'search_text' : 'phone_search'} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      );
      like.params.push(...alternatives.map(([, term]) => likeContains(term)));
    };
    if (digits !== null) add([['digits', digits]]);
    for (const word of words) {
      const wordDigits = wordNumberDigits(word);
      add(
        wordDigits === ''
          ? [['words', word]]
          : [
              ['words', word],
              ['digits', wordDigits],
            ],
      );
    }
    const phrase = (column: 'words' | 'digits', term: string): string | null => {
      if (term.length >= 3) return `{${column}} : "${term.replace(/"/g, '""')}"`;
      const terms = (
        cached(db, 'SELECT DISTINCT term FROM contacts_vocab WHERE col = ? AND term >= ? AND term < ?').all(
          column,
          term,
          `${term}\uffff`,
        ) as { term: string }[]
      ).map((row) => `"${row.term.replace(/"/g, '""')}"`);
      return terms.length > 0 ? `{${column}} : (${terms.join(' OR ')})` : null;
    };
    let built: { match: string | null; empty: boolean } | null = null;
    const index = (): { match: string | null; empty: boolean } => {
      if (built) return built;
      const match: string[] = [];
      let empty = false;
      for (const alternatives of alternativesPerTerm) {
        const phrases = alternatives
          .map(([column, term]) => phrase(column, term))
          .filter((p): p is string => p !== null);
        if (phrases.length === 0) empty = true;
        else match.push(`(${phrases.join(' OR ')})`);
      }
      built = { match: match.length > 0 ? match.join(' AND ') : null, empty };
      return built;
    };
    const longTerms = alternativesPerTerm.filter((alternatives) => alternatives.every(([, term]) => term.length >= 3));
    const long = longTerms.length === alternativesPerTerm.length;
    const longMatch =
      longTerms.length > 0
        ? longTerms
            .map((alternatives) => `(${alternatives.map(([column, term]) => phrase(column, term)).join(' OR ')})`)
            .join(' AND ')
        : null;
    const counts = new Map<number, number>();
    const indexCount = (cap: number): number => {
      const known = counts.get(cap);
      if (known !== undefined) return known;
      const counted = longMatch === null ? 0 : matchCount(longMatch, cap);
      counts.set(cap, counted);
      return counted;
    };
    return { like, empty, long, longMatch, index, indexCount };
  }

  /** Contacts other than `id` holding one of its numbers, per number. */
  function sharedNumbers(id: string): SharedNumbers {
    return numberHolders(
      get(id).phones.map((phone) => phone.e164),
      id,
    );
  }

  /**
   * The contacts holding each of `numbers` (E.164; each listed once, in the order given), leaving
   * out `exceptId` (the contact being edited); numbers no other contact holds are left out.
   */
  function numberHolders(numbers: readonly string[], exceptId?: string): SharedNumbers {
    return [...new Set(numbers)].flatMap((e164) => {
      const others = (statements.byNumber.all(e164) as unknown as ContactRow[])
        .filter((row) => row.id !== exceptId)
        .map((row) => ({ id: row.id, name: row.name }));
      return others.length > 0 ? [{ e164, contacts: others }] : [];
    });
  }

  /**
   * The contact to link a call to `e164` (with `extension`, digits, when the call has one):
   * the rule of store/call-contact-link.ts (exact number and extension first, then favourites,
   * then the oldest contact), the same one the log's re-link triggers apply. Null: no contact holds it.
   */
  function matchContactByNumber(e164: string, extension?: string | null): { id: string; name: string } | null {
    const row = statements.matchByNumber.get({ e164, extension: extension ?? '' }) as
      { id: string; name: string } | undefined;
    return row ? { id: row.id, name: row.name } : null;
  }

  /** Every contact holding this number (for the import merge policy in io/import-merge-policy.ts). */
  function contactsWithNumber(e164: string): Contact[] {
    return readContacts(statements.byNumber.all(e164) as unknown as ContactRow[]);
  }

  /** Every contact whose name sorts as `name` (the same folded name, sort_key index), for the import merge policy. */
  function contactsNamed(name: string): Contact[] {
    return readContacts(statements.bySortKey.all(contactSortKey(name)) as unknown as ContactRow[]);
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
    decide: (
      draft: ContactDraft,
      lookup: { contactsWithNumber(e164: string): Contact[]; contactsNamed(name: string): Contact[] },
    ) => ImportDecision,
    onProgress?: (done: number) => void,
  ): ImportOutcome[] {
    return write('Importing contacts', () => {
      endUndoWindow();
      const timestamp = now();
      return drafts.map((draft, index): ImportOutcome => {
        if (onProgress && index % 1_000 === 0) onProgress(index);
        const decision = decide(draft, { contactsWithNumber, contactsNamed });
        if (decision.kind === 'new') {
          const id = randomUUID();
          writeRow(id, draft, timestamp, timestamp, true);
          return { kind: 'imported', contactId: id, sharesNumberWith: decision.sharesNumberWith.map((c) => c.name) };
        }
        const existing = decision.existing;
        if (duplicates === 'skip') return { kind: 'skipped', contactId: existing.id, duplicateOf: existing.name };
        const { changed, dropped } = mergeInto(existing, draft);
        return { kind: 'merged', contactId: existing.id, duplicateOf: existing.name, dropped, changed };
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
    applyShared,
    canUndoDelete,
    setFavourite,
    toggleFavourite,
    list,
    page,
    sharedNumbers,
    numberHolders,
    count,
    maxPhoneCount,
    matchContactByNumber,
    contactsWithNumber,
    contactsNamed,
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
    // The app's one number rule (the Dialer's): a contact's number is one the Dialer would call.
    const result = interpretDestination(input.number, defaultCountry);
    if (!result.ok) {
      throw destinationProblemError(result, input.number, defaultCountry, `phones.${index}.number`, 'number');
    }
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
    matchByNumber: db.prepare(contactForNumberSql(':e164', ':extension')),
    pageFirst: db.prepare(`SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts ORDER BY sort_key, id LIMIT ?`),
    pageAfter: db.prepare(
      `SELECT ${CONTACT_COLUMNS}, sort_key FROM contacts WHERE sort_key > ? OR (sort_key = ? AND id > ?)
       ORDER BY sort_key, id LIMIT ?`,
    ),
    count: db.prepare('SELECT count(*) AS n FROM contacts'),
    maxPhones: db.prepare('SELECT max(position) + 1 AS n FROM contact_phones'),
  };
}
