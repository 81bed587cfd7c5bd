/**
 * Issue 13: the call log's digit index (store/digit-grams.ts, migration 21). A number search is
 * read through 4-digit windows; whatever the texts hold (a number, a txn_ref, digits in a contact's
 * name or a note) and however they change (a note edited, a contact renamed or deleted, calls
 * deleted), the page and total equal a plain scan of the calls, on real files; an older file is
 * indexed by its upgrade.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { digitGrams } from '../../src/main/core/store/digit-grams.ts';
import { createCallHistoryRepository } from '../../src/main/core/store/call-history.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { fileSchemaVersion, olderSchemaDatabase } from '../support/older-schema.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { freshStore, insertCallAt, tempDir } from './support.ts';

describe('digitGrams', () => {
  it('cuts every ASCII digit run of 4+ into its distinct 4-digit windows', () => {
    expect(digitGrams('6581234567 81234567 TX00012')).toBe('6581 5812 8123 1234 2345 3456 4567 0001 0012');
    expect(digitGrams('Room 155', null, undefined, 'ref 1554-0000')).toBe('1554 0000');
    // Full-width and Arabic-Indic digits are not ASCII: the trigram index does not fold them either.
    expect(digitGrams('１２３４ ١٢٣٤ 12a34')).toBe('');
    expect(digitGrams('')).toBe('');
  });
});

/** The calls whose searched texts hold every term (lower case), newest first: what a search must find. */
function scanned(store: Store, terms: readonly string[]): string[] {
  const scan = store.db.prepare(
    `SELECT id FROM call_log WHERE instr(lower(search_text), ?1) > 0 OR instr(lower(coalesce(contact_name, '')), ?1) > 0
       OR instr(lower(coalesce(note_text, '')), ?1) > 0 ORDER BY seq DESC`,
  );
  let found: string[] | null = null;
  for (const term of terms) {
    const ids = (scan.all(term) as { id: string }[]).map((row) => row.id);
    found = found === null ? ids : found.filter((id) => ids.includes(id));
  }
  return found ?? [];
}

/** Each [query, the terms a scan looks for]: its first page and total equal the scan; the index passes FTS5's own check. */
function expectSearchesMatchScan(store: Store, queries: readonly (readonly [string, readonly string[]])[]): void {
  for (const [query, terms] of queries) {
    const expected = scanned(store, terms);
    const page = store.callLog.page({ search: query, limit: 20, withTotal: true });
    expect(
      page.items.map((item) => item.id),
      query,
    ).toEqual(expected.slice(0, 20));
    expect(page.total, query).toEqual(
      expected.length > 1_000 ? { count: 1_000, exact: false } : { count: expected.length, exact: true },
    );
  }
  store.db.prepare("INSERT INTO call_log_grams (call_log_grams, rank) VALUES ('integrity-check', 1)").run();
}

const QUERIES = [
  ['1554', ['1554']], // in numbers, a name and a note
  ['15540', ['15540']], // a 5-digit term: its two windows, then the substring check
  ['5541', ['5541']],
  ['15541', ['15541']], // "1554" and "5541" are both in calls whose runs do not hold "15541"
  ['6581 2345', ['65812345']], // typed with a space: one run of digits
  ['+65 8123 0001', ['6581230001']],
  ['0000', ['0000']],
  ['tx-c0001', ['tx-c0001']], // a txn_ref: letters and digits, checked as a substring
  ['TX-C0001', ['tx-c0001']],
  ['room 1554', ['room', '1554']], // a word with it: the trigram index drives
  ['9999', ['9999']], // in no call
  ['4155500012', ['4155500012']],
] as const satisfies readonly (readonly [string, readonly string[]])[];

describe('call log search through the digit index', () => {
  it('equals a plain scan for numbers, txn_refs, names and notes, across edits and deletes', () => {
    const store = freshStore();
    const notes = createCallNotesRepository(store.db);
    const history = createCallHistoryRepository(store.db);
    const room = store.contacts.create({ name: 'Room 1554', phones: [{ label: 'work', number: '+6581230001' }] });
    for (let index = 0; index < 60; index++) {
      const dest2 =
        index % 3 === 0
          ? '+6581230001'
          : index % 3 === 1
            ? `+141555${String(index).padStart(5, '0')}`
            : `+658123${String(index).padStart(4, '0')}`;
      insertCallAt(store, `c${String(index).padStart(4, '0')}`, index, {
        dest2,
        contactId: index % 3 === 0 ? room.id : null,
      });
    }
    notes.set('c0007', 'me', 'Call back on 1554 0 or 15541');
    notes.set('c0008', 'me', 'ext 5541, then 9 1554');
    expectSearchesMatchScan(store, QUERIES);

    // Edits: a note rewritten, the contact renamed, then deleted (its calls keep its name while no other holds the number).
    notes.set('c0007', 'me', 'nothing to see');
    store.contacts.update({ id: room.id, name: 'Room 2000' });
    expectSearchesMatchScan(store, [...QUERIES, ['2000', ['2000']]]);
    store.contacts.delete([room.id]);
    // Deletes: the deleted calls' rows go with them.
    history.deleteCalls(['c0001', 'c0002', 'c0003', 'c0008']);
    expectSearchesMatchScan(store, [...QUERIES, ['2000', ['2000']]]);
    history.undoDelete();
    expectSearchesMatchScan(store, [...QUERIES, ['2000', ['2000']]]);
    store.close();
  });

  it('an older file is indexed by its upgrade, in one pass, and searched the same', () => {
    const file = path.join(tempDir(), 'old.db');
    olderSchemaDatabase(file, { version: MIGRATIONS.length - 1, calls: 2_500 });
    const store = openStore(file);
    expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
    expectSearchesMatchScan(
      store,
      ['900001', '0001', '1234', 'tx1234', '0024']
        .map((query) => [query, [query]] as const)
        .concat([['6590 0024', ['65900024']]]),
    );
    store.close();
    // The index belongs to the file: a plain connection (no digit_grams) still reads it.
    const reader = new DatabaseSync(file, { readOnly: true });
    const old = reader
      .prepare(`SELECT count(*) AS n FROM call_log_grams WHERE call_log_grams MATCH '"0024"'`)
      .get() as { n: number };
    expect(old.n).toBe(
      (reader.prepare("SELECT count(*) AS n FROM call_log WHERE instr(search_text, '0024') > 0").get() as { n: number })
        .n,
    );
    reader.close();
  });
});
