import type { DatabaseSync } from 'node:sqlite';
import { normalizePhoneNumber, type CountryCode } from '../../../shared/phone.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { contactSearchText, contactSortKey, numberSearchDigits } from './search-text.ts';
import { cleanUserText } from '../../../shared/user-text.ts';
import { DAY_MS } from './call-log-totals.ts';
import { linkCallsToContacts } from './call-contact-link.ts';
import { createDigitGrams, fillDigitGrams } from './digit-grams.ts';
import { storedPhoneLabel } from '../../../shared/phone-labels.ts';

/**
 * How far a step that walks rows has got: `done` of `total` rows (a step that is one SQL
 * statement cannot say). Called often: the caller throttles what it forwards.
 */
export type StepProgress = (done: number, total: number) => void;

/**
 * One schema step: SQL, or a function for a backfill that needs the app's own rules (e.g.
 * libphonenumber's national format), which may report its rows. Either runs inside the
 * upgrade's one transaction (database.ts migrate).
 */
export type MigrationStep = string | ((db: DatabaseSync, progress?: StepProgress) => void);

/** Rows between two progress reports of a backfill (a report is a function call: cheap, but not free). */
const PROGRESS_EVERY_ROWS = 1_000;

/**
 * The schema, as ordered steps. `PRAGMA user_version` holds how many steps a database has
 * applied; all the steps an upgrade applies run in ONE transaction together with the version
 * bump (database.ts migrate), so a failure or a crash mid-upgrade leaves the database exactly
 * as it was. Never edit a released step's effect: append one.
 */
export const MIGRATIONS: readonly MigrationStep[] = [
  // 1: contacts and their numbers, plus the one-slot undo buffer for the last delete.
  `
  CREATE TABLE contacts (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    company TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Folded (lower case, no accents) copies for ordering and searching.
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    -- Digits of every number (international and national forms), space separated.
    phone_search TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE INDEX contacts_by_favourite_name ON contacts (favourite DESC, sort_key, id);
  CREATE INDEX contacts_by_name ON contacts (sort_key, id);

  CREATE TABLE contact_phones (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    e164 TEXT NOT NULL,
    original TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX contact_phones_by_e164 ON contact_phones (e164);

  CREATE TABLE contact_undo (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    deleted_at TEXT NOT NULL,
    contacts_json TEXT NOT NULL
  ) STRICT;
  `,
  // 2: the call log. `seq` is a stable integer rowid for the full-text index.
  `
  CREATE TABLE call_log (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    txn_ref TEXT,
    mode TEXT NOT NULL,
    dest1 TEXT NOT NULL,
    dest2 TEXT NOT NULL,
    caller_id TEXT,
    tag TEXT,
    contact_id TEXT,
    contact_name TEXT,
    state TEXT NOT NULL,
    status_dest1 TEXT,
    status_dest2 TEXT,
    outcome TEXT,
    final_source TEXT,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    answered_at TEXT,
    ended_at TEXT,
    updated_at TEXT NOT NULL,
    duration_minutes INTEGER,
    -- Money as integer thousandths of the currency unit: exact, summable.
    rate_milli INTEGER,
    debit_milli INTEGER,
    currency TEXT,
    error_status TEXT,
    error_message TEXT,
    search_text TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE UNIQUE INDEX call_log_by_txn_ref ON call_log (txn_ref) WHERE txn_ref IS NOT NULL;
  CREATE INDEX call_log_by_time ON call_log (created_ms, seq);
  CREATE INDEX call_log_by_contact ON call_log (contact_id, created_ms);
  CREATE INDEX call_log_by_dest1 ON call_log (dest1, created_ms);
  CREATE INDEX call_log_by_dest2 ON call_log (dest2, created_ms);
  CREATE INDEX call_log_unfinished ON call_log (state) WHERE state NOT IN ('ended', 'failed');
  `,
  // 3: full-text search over the log. Trigrams give "any part of the number" matches.
  `
  CREATE VIRTUAL TABLE call_log_fts USING fts5 (
    search_text, contact_name,
    content = 'call_log', content_rowid = 'seq',
    tokenize = 'trigram remove_diacritics 1'
  );
  CREATE TRIGGER call_log_fts_insert AFTER INSERT ON call_log BEGIN
    INSERT INTO call_log_fts (rowid, search_text, contact_name) VALUES (new.seq, new.search_text, new.contact_name);
  END;
  CREATE TRIGGER call_log_fts_delete AFTER DELETE ON call_log BEGIN
    INSERT INTO call_log_fts (call_log_fts, rowid, search_text, contact_name)
      VALUES ('delete', old.seq, old.search_text, old.contact_name);
  END;
  CREATE TRIGGER call_log_fts_update AFTER UPDATE OF search_text, contact_name ON call_log
  WHEN old.search_text IS NOT new.search_text OR old.contact_name IS NOT new.contact_name BEGIN
    INSERT INTO call_log_fts (call_log_fts, rowid, search_text, contact_name)
      VALUES ('delete', old.seq, old.search_text, old.contact_name);
    INSERT INTO call_log_fts (rowid, search_text, contact_name) VALUES (new.seq, new.search_text, new.contact_name);
  END;
  INSERT INTO call_log_fts (call_log_fts) VALUES ('rebuild');
  `,
  // 4 (issue 9): a txn_ref is unique per mode and account, not across this log: each start of the embedded
  // sandbox is a new account, so a repeated reference must never refuse a call Hoiio accepted (hoiio-api.md §2.1).
  `
  DROP INDEX call_log_by_txn_ref;
  CREATE INDEX call_log_by_txn_ref ON call_log (txn_ref, mode) WHERE txn_ref IS NOT NULL;
  `,
  // 5 (issue 9): when the app's Hang up was used, to word "you hung up" (Hoiio's leg statuses cannot tell).
  `
  ALTER TABLE call_log ADD COLUMN hangup_requested_at TEXT;
  `,
  // 6 (issue 9 item 5 backfill): rows written before the digit-search rule get its search forms, so
  // "0001" and "020 7946" find old calls and contacts exactly as new ones.
  backfillNumberSearch,
  // 7 (issue 9 item 3): a contact number's extension, which earlier versions dropped; recovered
  // from the text as typed or imported (kept in `original`) for existing numbers.
  addPhoneExtension,
  // 8 (issue 9 item 3): the extension to dial after the answer, on the call record.
  `
  ALTER TABLE call_log ADD COLUMN extension TEXT;
  `,
  // 9 (team, issue 15): team sync state in tables of its own, keyed by call id, so the call log's
  // columns stay as they are. team_call_links: a local call's link to its team row and whether
  // its latest change still has to be pushed. team_calls: the team's calls as pulled from the
  // server. team_feed: the change-feed cursor per server.
  `
  CREATE TABLE team_call_links (
    call_id TEXT PRIMARY KEY NOT NULL,
    team_row_id TEXT,
    placed_by TEXT,
    sync_state TEXT NOT NULL CHECK (sync_state IN ('pending', 'synced', 'merged')),
    pushed_updated_at TEXT
  ) STRICT;
  CREATE INDEX team_call_links_pending ON team_call_links (sync_state) WHERE sync_state = 'pending';
  CREATE TABLE team_calls (
    id TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL,
    txn_ref TEXT,
    placed_by TEXT NOT NULL,
    record_json TEXT NOT NULL,
    revision INTEGER NOT NULL,
    change_xid TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX team_calls_by_txn_ref ON team_calls (account, txn_ref) WHERE txn_ref IS NOT NULL;
  CREATE INDEX team_calls_by_time ON team_calls (created_at, id);
  CREATE TABLE team_feed (
    server_key TEXT PRIMARY KEY NOT NULL,
    cursor_xid TEXT NOT NULL,
    cursor_id TEXT NOT NULL,
    caught_up_at TEXT
  ) STRICT;
  `,
  // 10 (issue 9 item 10): the undo buffer of the last import: which contacts it added, and the rows and
  // numbers it replaced in contacts it merged into (store/staged-import.ts). `after_updated_at` is
  // each contact's updated_at right after the import: a contact edited since makes undo refuse.
  `
  CREATE TABLE import_undo (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    imported_at TEXT NOT NULL,
    file_name TEXT NOT NULL
  ) STRICT;
  CREATE TABLE import_undo_contacts (
    id TEXT PRIMARY KEY NOT NULL,
    added INTEGER NOT NULL CHECK (added IN (0, 1)),
    after_updated_at TEXT NOT NULL,
    name TEXT,
    company TEXT,
    notes TEXT,
    favourite INTEGER,
    created_at TEXT,
    updated_at TEXT,
    sort_key TEXT,
    search_text TEXT,
    phone_search TEXT
  ) STRICT;
  CREATE TABLE import_undo_phones (
    contact_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    e164 TEXT NOT NULL,
    original TEXT NOT NULL,
    extension TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contact_id, position)
  ) STRICT, WITHOUT ROWID;
  `,
  // 11 (issue 13, notes): notes on a call in a table of their own, one per call and author ('me' locally, a
  // team member id later), so a team can sync them per author and the call row stays as Hoiio reported it.
  // call_log.note_text (SQL-managed: the notes' bodies, kept by the triggers below) joins the full-text
  // index as its third column, so a word of a note finds the call. call_log_undo: the one-slot buffer that
  // lets the last delete of calls be undone (the rows and their notes, as stored).
  `
  CREATE TABLE call_notes (
    call_id TEXT NOT NULL REFERENCES call_log (id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (call_id, author)
  ) STRICT, WITHOUT ROWID;
  ALTER TABLE call_log ADD COLUMN note_text TEXT;
  CREATE TRIGGER call_notes_text_insert AFTER INSERT ON call_notes BEGIN
    UPDATE call_log SET note_text = (SELECT group_concat(body, char(10)) FROM
      (SELECT body FROM call_notes WHERE call_id = new.call_id ORDER BY author)) WHERE id = new.call_id;
  END;
  CREATE TRIGGER call_notes_text_update AFTER UPDATE ON call_notes BEGIN
    UPDATE call_log SET note_text = (SELECT group_concat(body, char(10)) FROM
      (SELECT body FROM call_notes WHERE call_id = new.call_id ORDER BY author)) WHERE id = new.call_id;
  END;
  CREATE TRIGGER call_notes_text_delete AFTER DELETE ON call_notes BEGIN
    UPDATE call_log SET note_text = (SELECT group_concat(body, char(10)) FROM
      (SELECT body FROM call_notes WHERE call_id = old.call_id ORDER BY author)) WHERE id = old.call_id;
  END;

  DROP TRIGGER call_log_fts_insert;
  DROP TRIGGER call_log_fts_delete;
  DROP TRIGGER call_log_fts_update;
  DROP TABLE call_log_fts;
  CREATE VIRTUAL TABLE call_log_fts USING fts5 (
    search_text, contact_name, note_text,
    content = 'call_log', content_rowid = 'seq',
    tokenize = 'trigram remove_diacritics 1'
  );
  CREATE TRIGGER call_log_fts_insert AFTER INSERT ON call_log BEGIN
    INSERT INTO call_log_fts (rowid, search_text, contact_name, note_text)
      VALUES (new.seq, new.search_text, new.contact_name, new.note_text);
  END;
  CREATE TRIGGER call_log_fts_delete AFTER DELETE ON call_log BEGIN
    INSERT INTO call_log_fts (call_log_fts, rowid, search_text, contact_name, note_text)
      VALUES ('delete', old.seq, old.search_text, old.contact_name, old.note_text);
  END;
  CREATE TRIGGER call_log_fts_update AFTER UPDATE OF search_text, contact_name, note_text ON call_log
  WHEN old.search_text IS NOT new.search_text OR old.contact_name IS NOT new.contact_name
    OR old.note_text IS NOT new.note_text BEGIN
    INSERT INTO call_log_fts (call_log_fts, rowid, search_text, contact_name, note_text)
      VALUES ('delete', old.seq, old.search_text, old.contact_name, old.note_text);
    INSERT INTO call_log_fts (rowid, search_text, contact_name, note_text)
      VALUES (new.seq, new.search_text, new.contact_name, new.note_text);
  END;
  INSERT INTO call_log_fts (call_log_fts) VALUES ('rebuild');

  CREATE TABLE call_log_undo (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    deleted_at TEXT NOT NULL,
    calls_json TEXT NOT NULL,
    notes_json TEXT NOT NULL
  ) STRICT;
  `,
  // 12 (issue 13): reads that do not grow with the log. See timeOrderedLog below.
  timeOrderedLog,
  // 13 (issue 13): contact search through a trigram index (prefix indexes for 1-2 characters).
  contactSearchIndex,
  // 14 (issue 13): the log's trigram vocabulary, so a 1-2 digit search reads the trigrams that begin
  // with it (a range of terms) instead of scanning the calls (call-log-search.ts shortDigitsSearch).
  // A view over the index: nothing is copied, instant at any size.
  `
  CREATE VIRTUAL TABLE call_log_vocab USING fts5vocab ('call_log_fts', 'row');
  `,
  // 15 (issue 13): totals per UTC day beside those per hour, so "all calls per month" sums days. See callLogDays.
  callLogDays,
  // 16 (team, issue 16): the shared phonebook's sync state, in tables of its own so the contacts'
  // columns stay as they are. team_contact_state: per contact, whether it is private to this desktop,
  // whether it changed since the last sync (dirty), and the team's version it was last synced at
  // (base: the three-way merge's common ancestor). team_contact_revisions: values a concurrent write
  // overwrote, as pulled. (No INSERT OR IGNORE/REPLACE in the triggers: an outer statement's conflict
  // clause, the repository's upsert, would override theirs.) team_contacts_tracking holds a row while a team is joined: only then do
  // the triggers mark contacts dirty, so a desktop without a team writes contacts as before.
  // team_call_notes: the team's call notes as pulled (other members' notes on any team call).
  `
  CREATE TABLE team_contact_state (
    contact_id TEXT PRIMARY KEY NOT NULL,
    private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
    dirty INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
    base_version INTEGER,
    base_json TEXT,
    changed_by TEXT,
    changed_at TEXT,
    created_by TEXT
  ) STRICT;
  CREATE INDEX team_contact_state_dirty ON team_contact_state (contact_id) WHERE dirty = 1;
  CREATE TABLE team_contact_revisions (
    contact_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    field TEXT NOT NULL,
    value_json TEXT,
    value_by TEXT,
    value_at TEXT,
    replaced_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE team_contacts_tracking (slot INTEGER PRIMARY KEY CHECK (slot = 1)) STRICT;
  CREATE TRIGGER team_contacts_track_insert AFTER INSERT ON contacts
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    INSERT INTO team_contact_state (contact_id)
      SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM team_contact_state WHERE contact_id = new.id);
    UPDATE team_contact_state SET dirty = 1 WHERE contact_id = new.id;
  END;
  CREATE TRIGGER team_contacts_track_update AFTER UPDATE OF name, company, notes ON contacts
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking)
    AND (old.name IS NOT new.name OR old.company IS NOT new.company OR old.notes IS NOT new.notes) BEGIN
    INSERT INTO team_contact_state (contact_id)
      SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM team_contact_state WHERE contact_id = new.id);
    UPDATE team_contact_state SET dirty = 1 WHERE contact_id = new.id;
  END;
  CREATE TRIGGER team_contacts_track_delete AFTER DELETE ON contacts
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    UPDATE team_contact_state SET dirty = 1 WHERE contact_id = old.id;
  END;
  CREATE TRIGGER team_contacts_track_phone_insert AFTER INSERT ON contact_phones
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    INSERT INTO team_contact_state (contact_id)
      SELECT new.contact_id WHERE NOT EXISTS (SELECT 1 FROM team_contact_state WHERE contact_id = new.contact_id);
    UPDATE team_contact_state SET dirty = 1 WHERE contact_id = new.contact_id;
  END;
  CREATE TRIGGER team_contacts_track_phone_delete AFTER DELETE ON contact_phones
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    UPDATE team_contact_state SET dirty = 1 WHERE contact_id = old.contact_id;
  END;
  CREATE TABLE team_call_notes (
    call_id TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    PRIMARY KEY (call_id, author)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE team_note_links (
    call_id TEXT NOT NULL,
    author TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
    PRIMARY KEY (call_id, author)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER team_notes_track_insert AFTER INSERT ON call_notes
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    DELETE FROM team_note_links WHERE call_id = new.call_id AND author = new.author;
    INSERT INTO team_note_links (call_id, author, dirty) VALUES (new.call_id, new.author, 1);
  END;
  CREATE TRIGGER team_notes_track_update AFTER UPDATE OF body ON call_notes
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    DELETE FROM team_note_links WHERE call_id = new.call_id AND author = new.author;
    INSERT INTO team_note_links (call_id, author, dirty) VALUES (new.call_id, new.author, 1);
  END;
  CREATE TRIGGER team_notes_track_delete AFTER DELETE ON call_notes
  WHEN EXISTS (SELECT 1 FROM team_contacts_tracking) BEGIN
    DELETE FROM team_note_links WHERE call_id = old.call_id AND author = old.author;
    INSERT INTO team_note_links (call_id, author, dirty) VALUES (old.call_id, old.author, 1);
  END;
  `,
  // 17 (issue 13): the name-order indexes carry the folded texts, so a contact search tests rows in
  // list order from the index alone (no table read per row: a walk of 10,000 rows is ~1 ms, not ~8 ms
  // at 100,000 contacts). Same names and leading columns: every other read plans as before.
  // One sorted index build each: ~0.3 s at 100,000 contacts. contacts_vocab_instance: the trigram
  // index's vocabulary one row per occurrence, read lazily, so "does any trigram begin with 'zq'"
  // stops at the first (contacts_vocab counts each term's whole doclist first). A view: instant.
  `
  CREATE VIRTUAL TABLE contacts_vocab_instance USING fts5vocab ('contacts_fts', 'instance');
  DROP INDEX contacts_by_name;
  CREATE INDEX contacts_by_name ON contacts (sort_key, id, search_text, phone_search);
  DROP INDEX contacts_by_favourite_name;
  CREATE INDEX contacts_by_favourite_name ON contacts (favourite DESC, sort_key, id, search_text, phone_search);
  `,
  // 18 (team, issue 16): earlier bodies of a team note that a later, server-ordered write replaced
  // unseen (the same author on two desktops), as pulled with their note (the newest 20 per note):
  // the call's details list them with Restore. Keyed by the team call, the author and the server's id.
  `
  CREATE TABLE team_call_note_revisions (
    call_id TEXT NOT NULL,
    author TEXT NOT NULL,
    id INTEGER NOT NULL,
    body TEXT NOT NULL,
    body_at TEXT,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (call_id, author, id)
  ) STRICT, WITHOUT ROWID;
  `,
  // 19: a call's contact follows the contacts holding its number (call-contact-link.ts): triggers
  // re-link the calls to a number when its holders change, then existing logs are re-linked once.
  linkCallsToContacts,
  // 20: the outcome 'cancelled' (a call you hung up while a leg still rang), worded as its sentence always
  // was ("Cancelled: you hung up…"); such calls were stored as 'no_answer' (calls.ts callOutcome).
  `
  UPDATE call_log SET outcome = 'cancelled' WHERE outcome = 'no_answer' AND hangup_requested_at IS NOT NULL;
  `,
  // 21 (issue 13): the log's digit index, a token per 4-digit window, so a number search reads the
  // calls holding it instead of two long trigram lists. See digit-grams.ts.
  createDigitGrams,
  // 22: numbers' labels stored before labels were language-neutral ("手机", "Work", "cell") become their
  // keyword ("mobile", "work"), read by the one rule the contact form uses (shared/phone-labels.ts).
  neutralPhoneLabels,
  // 23 (issue 13): the totals tables' triggers find an emptied slot by its key instead of reading the
  // whole table on every write ("clear calls older than" at 1,000,000 calls: 19 ms per call). See totalsTrigger.
  keyedTotalsTriggers,
  // 24: one user-text rule (shared/user-text.ts): notes written before it lose their meaningless invisible
  // characters (a zero-width space in "invoice\u200B42" kept "invoice42" from finding it), and the contacts'
  // folded search texts are recomputed with the fold that removes them too.
  cleanStoredUserText,
  // 25: contacts in natural name order ("Person 2" before "Person 10"): every sort key recomputed with
  // contactSortKey (search-text.ts); the name-order indexes follow the column.
  recomputeContactSortKeys,
  // 26 (issue 13): the digit index also holds each run's 2-digit windows, so a 2-digit search ("53",
  // "+49") reads its matches and their count from one token's list instead of walking the log. See digit-grams.ts.
  fillDigitGrams,
];

/** Step 23: call_log_hours' and call_log_days' triggers made again by totalsTrigger (same figures, keyed deletes). */
function keyedTotalsTriggers(db: DatabaseSync): void {
  for (const [table, key, slotMs] of [
    ['call_log_hours', 'hour', HOUR_MS],
    ['call_log_days', 'day', DAY_MS],
  ] as const) {
    db.exec(`
    DROP TRIGGER ${table}_insert;
    DROP TRIGGER ${table}_delete;
    DROP TRIGGER ${table}_update;
    ${totalsTrigger(table, key, slotMs, 'insert', 'AFTER INSERT', [['new', 1]])}
    ${totalsTrigger(table, key, slotMs, 'delete', 'AFTER DELETE', [['old', -1]])}
    ${totalsTrigger(table, key, slotMs, 'update', TOTALS_UPDATE, [
      ['old', -1],
      ['new', 1],
    ])}
    `);
  }
}

/**
 * Rewrites every stored number label that means a known label to its language-neutral keyword
 * (storedPhoneLabel: "手机", "Mobile", "cell" -> "mobile"); custom labels stay as typed. Covers the
 * contacts' numbers and the numbers an import's Undo would put back. One UPDATE per distinct label
 * that changes (a handful: the known labels' words), each a scan of the table. No trigger follows a
 * label: team tracking and call links watch numbers, not labels, so nothing is marked to push.
 */
export function neutralPhoneLabels(db: DatabaseSync): void {
  for (const table of ['contact_phones', 'import_undo_phones']) {
    const labels = db.prepare(`SELECT DISTINCT label FROM ${table}`).all() as { label: string }[];
    const rewrite = db.prepare(`UPDATE ${table} SET label = ? WHERE label = ?`);
    for (const { label } of labels) {
      const keyword = storedPhoneLabel(label);
      if (keyword !== label) rewrite.run(keyword, label);
    }
  }
}

/** Step 25: contacts.sort_key (and import_undo_contacts', which an import's Undo copies back) recomputed with `contactSortKey`, as `contacts-repository.ts` writeRow computes it. */
export function recomputeContactSortKeys(db: DatabaseSync, progress?: StepProgress): void {
  const contacts = db.prepare('SELECT id, name, sort_key FROM contacts').all() as {
    id: string;
    name: string;
    sort_key: string;
  }[];
  const setKey = db.prepare('UPDATE contacts SET sort_key = ? WHERE id = ?');
  for (const [index, contact] of contacts.entries()) {
    if (index % PROGRESS_EVERY_ROWS === 0) progress?.(index, contacts.length);
    const key = contactSortKey(contact.name);
    if (key !== contact.sort_key) setKey.run(key, contact.id);
  }
  // The values an import's Undo would put back (merged contacts' earlier rows) get the same key.
  const kept = db.prepare('SELECT id, name FROM import_undo_contacts WHERE added = 0 AND name IS NOT NULL').all() as {
    id: string;
    name: string;
  }[];
  const setKept = db.prepare('UPDATE import_undo_contacts SET sort_key = ? WHERE id = ?');
  for (const contact of kept) setKept.run(contactSortKey(contact.name), contact.id);
}

/**
 * Step 24: every call note's body cleaned by `cleanUserText` (the log's note_text and full-text index
 * follow through their triggers; a note left empty is deleted, as saving an empty note does), and
 * contacts.search_text recomputed with `foldText` as `contacts-repository.ts` writeRow computes it
 * (also in import_undo_contacts, which an import's Undo copies back).
 */
export function cleanStoredUserText(db: DatabaseSync, progress?: StepProgress): void {
  const notes = db.prepare('SELECT call_id, author, body FROM call_notes').all() as {
    call_id: string;
    author: string;
    body: string;
  }[];
  const contacts = db.prepare('SELECT id, name, company, search_text FROM contacts').all() as {
    id: string;
    name: string;
    company: string;
    search_text: string;
  }[];
  const total = notes.length + contacts.length;
  const setBody = db.prepare('UPDATE call_notes SET body = ? WHERE call_id = ? AND author = ?');
  const removeNote = db.prepare('DELETE FROM call_notes WHERE call_id = ? AND author = ?');
  const setSearch = db.prepare('UPDATE contacts SET search_text = ? WHERE id = ?');
  let done = 0;
  for (const note of notes) {
    if (done++ % PROGRESS_EVERY_ROWS === 0) progress?.(done - 1, total);
    const body = cleanUserText(note.body);
    if (body === note.body) continue;
    if (body === '') removeNote.run(note.call_id, note.author);
    else setBody.run(body, note.call_id, note.author);
  }
  for (const contact of contacts) {
    if (done++ % PROGRESS_EVERY_ROWS === 0) progress?.(done - 1, total);
    const searchText = contactSearchText(contact.name, contact.company);
    if (searchText !== contact.search_text) setSearch.run(searchText, contact.id);
  }
  // The values an import's Undo would put back (merged contacts' earlier rows) get the same fold.
  const kept = db
    .prepare('SELECT id, name, company FROM import_undo_contacts WHERE added = 0 AND name IS NOT NULL')
    .all() as { id: string; name: string; company: string | null }[];
  const setKept = db.prepare('UPDATE import_undo_contacts SET search_text = ? WHERE id = ?');
  for (const contact of kept) setKept.run(contactSearchText(contact.name, contact.company ?? ''), contact.id);
}

function addPhoneExtension(db: DatabaseSync, progress?: StepProgress): void {
  db.exec("ALTER TABLE contact_phones ADD COLUMN extension TEXT NOT NULL DEFAULT ''");
  const rows = db.prepare('SELECT contact_id, position, e164, original FROM contact_phones').all() as {
    contact_id: string;
    position: number;
    e164: string;
    original: string;
  }[];
  const setExtension = db.prepare('UPDATE contact_phones SET extension = ? WHERE contact_id = ? AND position = ?');
  for (const [index, row] of rows.entries()) {
    if (index % PROGRESS_EVERY_ROWS === 0) progress?.(index, rows.length);
    // The number's own country reads a national original the way it was read when stored.
    const country = parsePhoneNumberFromString(row.e164)?.country as CountryCode | undefined;
    const read = normalizePhoneNumber(row.original, country);
    if (read.ok && read.e164 === row.e164 && read.extension)
      setExtension.run(read.extension, row.contact_id, row.position);
  }
}

/**
 * Recomputes the number part of call_log.search_text (dest2's search forms lead it, replacing what
 * an older rule wrote there) and contacts.phone_search from their stored E.164 numbers
 * (numberSearchDigits). The log's full-text index follows through its update trigger.
 */
function backfillNumberSearch(db: DatabaseSync, progress?: StepProgress): void {
  const calls = db.prepare('SELECT seq, dest2, txn_ref, caller_id, tag, id, error_status, error_message FROM call_log');
  const setCall = db.prepare('UPDATE call_log SET search_text = ? WHERE seq = ?');
  const contactCount = (db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
  const total = (db.prepare('SELECT count(*) AS n FROM call_log').get() as { n: number }).n + contactCount;
  let done = 0;
  for (const row of calls.iterate() as Iterable<Record<string, string | number | null>>) {
    if (done++ % PROGRESS_EVERY_ROWS === 0) progress?.(done - 1, total);
    // The same parts, in the same order, as searchText() in call-log-columns.ts wrote at this version.
    const parts = [
      numberSearchDigits(String(row.dest2)),
      row.txn_ref,
      row.caller_id,
      row.tag !== row.id ? row.tag : null,
      row.error_status,
      row.error_message,
    ];
    setCall.run(parts.filter((part) => part !== null && part !== '').join(' '), row.seq!);
  }
  const contacts = db.prepare('SELECT id FROM contacts');
  const phones = db.prepare('SELECT e164 FROM contact_phones WHERE contact_id = ? ORDER BY position');
  const setContact = db.prepare('UPDATE contacts SET phone_search = ? WHERE id = ?');
  for (const { id } of contacts.all() as { id: string }[]) {
    if (done++ % PROGRESS_EVERY_ROWS === 0) progress?.(done - 1, total);
    const forms = (phones.all(id) as { e164: string }[]).map((phone) => numberSearchDigits(phone.e164));
    setContact.run(forms.join(' '), id);
  }
}

/**
 * `seq` becomes time-ordered: created_ms * SEQ_PER_MS + n (n counts calls created in the same
 * millisecond, call-log-columns.ts INSERT_CALL_SQL), so "newest first" is the table's own rowid
 * order, a date range is a rowid range, and the full-text index (keyed by seq) returns matches
 * newest first without a sort. Plus what the log's pages and totals read instead of scanning:
 * - call_log_count: the number of calls (the first page's total);
 * - call_log_names: each contact name in the log with its number of calls (searches of 1-2
 *   characters match names: a scan of this small table instead of the log);
 * - call_log_hours: calls, connected calls, minutes and debits per UTC hour, mode and currency
 *   (totals per day and month over all calls sum these instead of every call);
 * - indexes by outcome and by contact, ordered by seq (an index carries the rowid).
 * Everything is kept by triggers, so every writer (the store, imports, recovery) keeps it right.
 */
function timeOrderedLog(db: DatabaseSync): void {
  db.exec(`
  CREATE TEMP TABLE seq_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
  INSERT INTO temp.seq_map
    SELECT seq, created_ms * ${SEQ_PER_MS} + row_number() OVER (PARTITION BY created_ms ORDER BY seq) - 1 FROM call_log;
  UPDATE call_log SET seq = -seq;
  UPDATE call_log SET seq = (SELECT new FROM temp.seq_map WHERE old = -call_log.seq);
  DROP TABLE temp.seq_map;
  INSERT INTO call_log_fts (call_log_fts) VALUES ('rebuild');

  DROP INDEX call_log_by_time;
  DROP INDEX call_log_by_contact;
  CREATE INDEX call_log_by_contact ON call_log (contact_id);
  CREATE INDEX call_log_by_outcome ON call_log (outcome);
  CREATE INDEX call_log_by_name ON call_log (contact_name);

  CREATE TABLE call_log_count (slot INTEGER PRIMARY KEY CHECK (slot = 1), calls INTEGER NOT NULL) STRICT;
  CREATE TRIGGER call_log_count_insert AFTER INSERT ON call_log BEGIN
    UPDATE call_log_count SET calls = calls + 1;
  END;
  CREATE TRIGGER call_log_count_delete AFTER DELETE ON call_log BEGIN
    UPDATE call_log_count SET calls = calls - 1;
  END;

  CREATE TABLE call_log_names (name TEXT PRIMARY KEY NOT NULL, calls INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TRIGGER call_log_names_insert AFTER INSERT ON call_log WHEN new.contact_name IS NOT NULL BEGIN
    INSERT INTO call_log_names VALUES (new.contact_name, 1) ON CONFLICT (name) DO UPDATE SET calls = calls + 1;
  END;
  CREATE TRIGGER call_log_names_delete AFTER DELETE ON call_log WHEN old.contact_name IS NOT NULL BEGIN
    UPDATE call_log_names SET calls = calls - 1 WHERE name = old.contact_name;
    DELETE FROM call_log_names WHERE name = old.contact_name AND calls <= 0;
  END;
  CREATE TRIGGER call_log_names_update AFTER UPDATE OF contact_name ON call_log
  WHEN old.contact_name IS NOT new.contact_name BEGIN
    UPDATE call_log_names SET calls = calls - 1 WHERE name = old.contact_name;
    DELETE FROM call_log_names WHERE name = old.contact_name AND calls <= 0;
    INSERT INTO call_log_names SELECT new.contact_name, 1 WHERE new.contact_name IS NOT NULL
      ON CONFLICT (name) DO UPDATE SET calls = calls + 1;
  END;

  CREATE TABLE call_log_hours (
    hour INTEGER NOT NULL,
    mode TEXT NOT NULL,
    currency TEXT NOT NULL, -- '' for calls without one
    calls INTEGER NOT NULL,
    connected INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    debit_milli INTEGER NOT NULL,
    debits INTEGER NOT NULL, -- calls with a debit: a sum over none is "no cost", not 0.000
    PRIMARY KEY (hour, mode, currency)
  ) STRICT, WITHOUT ROWID;
  ${hourTrigger('insert', 'AFTER INSERT', [['new', 1]])}
  ${hourTrigger('delete', 'AFTER DELETE', [['old', -1]])}
  ${hourTrigger('update', TOTALS_UPDATE, [
    ['old', -1],
    ['new', 1],
  ])}
  `);
  refillCallLogSideTables(db);
}

/**
 * Recomputes call_log_count, call_log_names, call_log_hours (and days, and the digit index) from the calls (migration 12, and
 * bulk loads that write the calls with the triggers set aside: test/support/seed-large.ts).
 */
export function refillCallLogSideTables(db: DatabaseSync): void {
  db.exec(`
  DELETE FROM call_log_count;
  INSERT INTO call_log_count VALUES (1, (SELECT count(*) FROM call_log));
  DELETE FROM call_log_names;
  INSERT INTO call_log_names
    SELECT contact_name, count(*) FROM call_log WHERE contact_name IS NOT NULL GROUP BY contact_name;
  DELETE FROM call_log_hours;
  INSERT INTO call_log_hours
    SELECT created_ms / ${HOUR_MS}, mode, coalesce(currency, ''), count(*), coalesce(sum(outcome = 'connected'), 0),
      coalesce(sum(duration_minutes), 0), coalesce(sum(debit_milli), 0), count(debit_milli)
    FROM call_log GROUP BY 1, 2, 3;
  `);
  // call_log_days comes with migration 15 and call_log_grams with 21; migration 12 runs this before them.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'call_log_days'").get()) refillCallLogDays(db);
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'call_log_grams'").get()) fillDigitGrams(db);
}

/** Recomputes call_log_days from call_log_hours (a day is 24 whole hours of UTC: sums of its hours). */
function refillCallLogDays(db: DatabaseSync): void {
  db.exec(`
  DELETE FROM call_log_days;
  INSERT INTO call_log_days
    SELECT hour / 24, mode, currency, sum(calls), sum(connected), sum(minutes), sum(debit_milli), sum(debits)
    FROM call_log_hours GROUP BY 1, 2, 3;
  `);
}

/**
 * call_log_days: calls, connected calls, minutes and debits per UTC day, mode and currency, kept by
 * triggers like call_log_hours. Totals per month over all calls sum days (about 30 times fewer
 * rows than hours) and read hours only where a local day or month edge cuts a UTC day
 * (call-log-repository.ts totals). Filled from call_log_hours, not from the calls: one pass over
 * a table about a sixth the size of the log.
 */
function callLogDays(db: DatabaseSync): void {
  db.exec(`
  CREATE TABLE call_log_days (
    day INTEGER NOT NULL,
    mode TEXT NOT NULL,
    currency TEXT NOT NULL, -- '' for calls without one
    calls INTEGER NOT NULL,
    connected INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    debit_milli INTEGER NOT NULL,
    debits INTEGER NOT NULL,
    PRIMARY KEY (day, mode, currency)
  ) STRICT, WITHOUT ROWID;
  ${totalsTrigger('call_log_days', 'day', DAY_MS, 'insert', 'AFTER INSERT', [['new', 1]])}
  ${totalsTrigger('call_log_days', 'day', DAY_MS, 'delete', 'AFTER DELETE', [['old', -1]])}
  ${totalsTrigger('call_log_days', 'day', DAY_MS, 'update', TOTALS_UPDATE, [
    ['old', -1],
    ['new', 1],
  ])}
  `);
  refillCallLogDays(db);
}

/** Milliseconds per hour: call_log_hours' slot. */
export const HOUR_MS = 3_600_000;
/** How many calls one millisecond of created_ms can hold in the time-ordered seq. */
export const SEQ_PER_MS = 1024;

/** The columns whose change moves a call's figures between totals slots. */
const TOTALS_UPDATE = 'AFTER UPDATE OF created_ms, mode, currency, outcome, duration_minutes, debit_milli';

/** A trigger that adds (sign 1) or removes (sign -1) a row's figures to/from its hour. */
function hourTrigger(name: string, when: string, changes: [row: 'old' | 'new', sign: 1 | -1][]): string {
  return totalsTrigger('call_log_hours', 'hour', HOUR_MS, name, when, changes);
}

/**
 * A trigger that adds (sign 1) or removes (sign -1) a row's figures to/from its slot of `table`
 * (`key` = created_ms / `slotMs`), deleting a slot it removed from when no calls are left in it.
 * Steps 12 and 15 made these with a delete that scanned the table; step 23 remakes them.
 */
function totalsTrigger(
  table: string,
  key: string,
  slotMs: number,
  name: string,
  when: string,
  changes: [row: 'old' | 'new', sign: 1 | -1][],
): string {
  const apply = ([row, sign]: [string, number]): string => `
    INSERT INTO ${table} VALUES (${row}.created_ms / ${slotMs}, ${row}.mode, coalesce(${row}.currency, ''),
      ${sign}, ${sign} * (${row}.outcome IS 'connected'), ${sign} * coalesce(${row}.duration_minutes, 0),
      ${sign} * coalesce(${row}.debit_milli, 0), ${sign} * (${row}.debit_milli IS NOT NULL))
    ON CONFLICT (${key}, mode, currency) DO UPDATE SET calls = calls + excluded.calls,
      connected = connected + excluded.connected, minutes = minutes + excluded.minutes,
      debit_milli = debit_milli + excluded.debit_milli, debits = debits + excluded.debits;`;
  // A slot left with no calls goes, found by its key: a `WHERE calls = 0` alone read the whole
  // table on every write (83,000 hours at 1,000,000 calls: 19 ms per deleted call).
  const drop = ([row]: [string, number]): string => `
    DELETE FROM ${table} WHERE ${key} = ${row}.created_ms / ${slotMs} AND mode = ${row}.mode
      AND currency = coalesce(${row}.currency, '') AND calls = 0;`;
  return `CREATE TRIGGER ${table}_${name} ${when} ON call_log BEGIN${changes.map(apply).join('')}${changes
    .filter(([, sign]) => sign < 0)
    .map(drop)
    .join('')}
  END;`;
}

/**
 * Contact search without a scan: a trigram full-text table over the folded name and company
 * (`words`) and the number digits (`digits`), each with two trailing spaces so that every
 * character starts a trigram: a 1-2 character term is then "any trigram starting with it", read
 * from the index's vocabulary (contacts_vocab, a range of terms). Keyed by the contact's rowid;
 * `id` is stored to join back (a VACUUM could renumber implicit rowids; nothing here runs VACUUM).
 */
function contactSearchIndex(db: DatabaseSync): void {
  db.exec(`
  CREATE VIRTUAL TABLE contacts_fts USING fts5 (id UNINDEXED, words, digits, tokenize = 'trigram');
  CREATE VIRTUAL TABLE contacts_vocab USING fts5vocab ('contacts_fts', 'col');
  INSERT INTO contacts_fts (rowid, id, words, digits)
    SELECT rowid, id, search_text || '  ', phone_search || '  ' FROM contacts;
  CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, id, words, digits)
      VALUES (new.rowid, new.id, new.search_text || '  ', new.phone_search || '  ');
  END;
  CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid;
  END;
  CREATE TRIGGER contacts_fts_update AFTER UPDATE OF search_text, phone_search ON contacts BEGIN
    UPDATE contacts_fts SET words = new.search_text || '  ', digits = new.phone_search || '  '
      WHERE rowid = old.rowid;
  END;
  `);
}

export const SCHEMA_VERSION = MIGRATIONS.length;
