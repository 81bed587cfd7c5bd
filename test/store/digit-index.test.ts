/**
 * Issue 13: the call log's digit index (store/digit-grams.ts, migrations 21 and 26). A number
 * search is read through 4-digit windows, a 2-digit search through its pair token; whatever the texts hold (a number, a txn_ref, digits in a contact's
 * name or a note) and however they change (a note edited, a contact renamed or deleted, calls
 * deleted), the page and total equal a plain scan of the calls, on real files; an older file is
 * indexed by its upgrade.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createDigitGrams, digitGrams, fillDigitGrams } from '../../src/main/core/store/digit-grams.ts';
import { planFor } from '../../src/main/core/store/call-log-search.ts';
import { CallLogFilterSchema } from '../../src/shared/call-log.ts';
import { createCallHistoryRepository } from '../../src/main/core/store/call-history.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { fileSchemaVersion, olderSchemaDatabase } from '../support/older-schema.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { freshStore, insertCallAt, minuteAt, tempDir } from './support.ts';

describe('digitGrams', () => {
  it('cuts every ASCII digit run into its distinct 4-digit windows (runs of 4+) and 2-digit ones (runs of 2+)', () => {
    expect(digitGrams('6581234567 81234567 TX00012')).toBe(
      '6581 5812 8123 1234 2345 3456 4567 65 58 81 12 23 34 45 56 67 0001 0012 00 01',
    );
    expect(digitGrams('Room 155', null, undefined, 'ref 1554-0000 7')).toBe('15 55 1554 54 0000 00');
    // Full-width and Arabic-Indic digits are not ASCII: the trigram index does not fold them either.
    expect(digitGrams('１２３４ ١٢٣٤ 1a2')).toBe('');
    expect(digitGrams('')).toBe('');
  });
});

/** The digit index's rows as migration 21 wrote them, before pair tokens (4-digit windows only). */
function fourDigitWindows(text: string): string {
  const windows = new Set<string>();
  for (const run of text.match(/[0-9]{4,}/g) ?? []) {
    for (let start = 0; start + 4 <= run.length; start++) windows.add(run.slice(start, start + 4));
  }
  return [...windows].join(' ');
}

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
  ['15', ['15']], // two digits: one pair token, in numbers, the name and notes
  ['+65', ['65']],
  ['54', ['54']],
  ['41', ['41']], // in the numbers, and "ext 5541" of a note
  ['90', ['90']], // in no call
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

  it("a common number part within one contact's calls equals a scan of them", () => {
    // 1,200 calls all holding "65" and "6581" (more than the index's probe of 1,000 calls): the
    // contact's calls drive the read, each call's texts tested; a rare part is read from its list.
    const store = freshStore();
    const ada = store.contacts.create({ name: 'Ada 42', phones: [{ label: 'mobile', number: '+6581230001' }] });
    for (let index = 0; index < 1_200; index++) {
      const mine = index % 40 === 0;
      insertCallAt(store, `k${String(index).padStart(4, '0')}`, index, {
        dest2: mine ? '+6581230001' : `+6581${String(400_000 + index)}`,
        contactId: mine ? ada.id : null,
      });
    }
    const adaCalls = (
      store.db.prepare('SELECT id FROM call_log WHERE contact_id = ? ORDER BY seq DESC').all(ada.id) as { id: string }[]
    ).map((row) => row.id);
    expect(adaCalls).toHaveLength(30);
    // The read is driven by her calls for a common part, by the index for a rare one.
    const drivenBy = (search: string) =>
      planFor(store.db, CallLogFilterSchema.parse({ search, contactId: ada.id })).contact ? 'contact' : 'index';
    expect([drivenBy('65'), drivenBy('6581'), drivenBy('1199')]).toEqual(['contact', 'contact', 'index']);
    for (const [query, term] of [
      ['65', '65'],
      ['6581', '6581'],
      ['42', '42'], // the contact's name
      ['0001', '0001'],
      ['1199', '1199'], // in no call of hers
      ['+65 8123 0001', '6581230001'],
    ] as const) {
      const expected = scanned(store, [term]).filter((id) => adaCalls.includes(id));
      const page = store.callLog.page({ search: query, contactId: ada.id, limit: 20, withTotal: true });
      expect(
        page.items.map((item) => item.id),
        query,
      ).toEqual(expected.slice(0, 20));
      expect(page.total, query).toEqual({ count: expected.length, exact: true });
    }
    store.close();
  });

  it('typed digits in many calls, read from an anchor or in a date range, walk the log and equal a scan', () => {
    const store = freshStore();
    for (let index = 0; index < 1_300; index++) {
      insertCallAt(store, `w${String(index).padStart(4, '0')}`, index, {
        dest2: index % 5 === 0 ? `+4930${String(100_000 + index)}` : `+6581${String(400_000 + index)}`,
      });
    }
    const within = (search: string, from: string, to: string) =>
      scanned(store, [search]).filter((id) => {
        const minute = Number(id.slice(1));
        return minuteAt(minute) >= from && minuteAt(minute) < to;
      });
    for (const search of ['65', '49', '6581', '4930']) {
      // Every page by keyset, newest first: the first from the index, the rest from their anchors.
      const ids: string[] = [];
      let page = store.callLog.page({ search, limit: 70 });
      for (let guard = 0; guard < 50; guard++) {
        ids.push(...page.items.map((item) => item.id));
        if (!page.older) break;
        page = store.callLog.page({ search, limit: 70, anchor: page.older });
      }
      expect(ids, search).toEqual(scanned(store, [search]));
      const [from, to] = [minuteAt(200), minuteAt(600)];
      const ranged = store.callLog.page({ search, from, to, limit: 500, withTotal: true });
      expect(
        ranged.items.map((item) => item.id),
        search,
      ).toEqual(within(search, from, to));
    }
    // "65" is in 4 of 5 calls: bounded reads walk the log; the first page reads the index.
    const walked = (bounds: { before?: number }, range: { from?: string }) =>
      planFor(store.db, CallLogFilterSchema.parse({ search: '65', ...range }), bounds).walk;
    expect([
      walked({}, {}),
      walked({ before: Number.MAX_SAFE_INTEGER }, {}),
      walked({}, { from: minuteAt(5) }),
    ]).toEqual([false, true, true]);
    store.close();
  });

  it('an older file is indexed by its upgrade, in one pass, and searched the same', () => {
    const file = path.join(tempDir(), 'old.db');
    olderSchemaDatabase(file, { version: MIGRATIONS.indexOf(createDigitGrams), calls: 2_500 });
    const store = openStore(file);
    expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
    expectSearchesMatchScan(
      store,
      ['900001', '0001', '1234', 'tx1234', '0024', '24', '00']
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

  it('an index written before pair tokens gets them by its upgrade (migration 26)', () => {
    const file = path.join(tempDir(), 'pairless.db');
    const version = MIGRATIONS.indexOf(fillDigitGrams, MIGRATIONS.indexOf(createDigitGrams) + 1);
    olderSchemaDatabase(file, { version, calls: 1_200 });
    // As migration 21 left it: 4-digit windows only (this test's helper writes with today's digit_grams).
    const old = new DatabaseSync(file);
    old.exec(`INSERT INTO call_log_grams (call_log_grams) VALUES ('delete-all')`);
    const insert = old.prepare('INSERT INTO call_log_grams (rowid, grams) VALUES (?, ?)');
    for (const row of old.prepare('SELECT seq, search_text FROM call_log').all() as {
      seq: number;
      search_text: string;
    }[]) {
      insert.run(row.seq, fourDigitWindows(row.search_text));
    }
    expect(old.prepare(`SELECT count(*) AS n FROM call_log_grams WHERE call_log_grams MATCH '"24"'`).get()).toEqual({
      n: 0,
    });
    old.close();
    const store = openStore(file);
    expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
    expectSearchesMatchScan(
      store,
      ['24', '00', '65', '0024', '1199'].map((query) => [query, [query]] as const),
    );
    store.close();
  });
});
