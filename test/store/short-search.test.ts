import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/main/core/store/index.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { seededRandom } from '../../bench/support/random.ts';
import { callRecord, endedConnected, freshStore } from './support.ts';

/**
 * 1-2 digit searches (issue 13): "9", "12", "+49" used to find nothing (the trigram index holds
 * 3-character runs). One digit walks the newest calls or reads the trigram index; two are one pair
 * token of the digit index. Every page is checked against a plain scan of the same texts.
 */

/** Calls to numbers made of the digits 1-6 only, except a few with 7, 8, 9 or "49", so those are rare. */
function seeded(count: number, rare: (index: number) => string | null): Store {
  const store = freshStore(() => new Date('2024-06-01T00:00:00.000Z'));
  const random = seededRandom(7);
  const notes = createCallNotesRepository(store.db);
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  const common = (length: number): string =>
    Array.from({ length }, () => String(1 + Math.floor(random() * 6))).join('');
  for (let index = 0; index < count; index++) {
    const createdAt = new Date(start + index * 60_000).toISOString();
    const dest2 = rare(index) ?? `+6581${common(6)}`;
    const placing = index % 5 === 0; // no txn_ref: the number is the whole indexed text
    store.callLog.insert(
      callRecord({
        id: `call-${index}`,
        createdAt,
        updatedAt: createdAt,
        dest2,
        ...(placing ? {} : endedConnected({ txnRef: `TX${common(4)}` })),
      }),
    );
    if (index % 97 === 0) notes.set(`call-${index}`, 'me', `Room ${common(2)}`);
  }
  return store;
}

/** Ids of calls whose indexed texts contain `digits`, newest first: what the search must return. */
function scanned(store: Store, digits: string): string[] {
  return (
    store.db
      .prepare(
        `SELECT id FROM call_log WHERE instr(search_text, ?1) OR instr(coalesce(contact_name, ''), ?1)
         OR instr(coalesce(note_text, ''), ?1) ORDER BY seq DESC`,
      )
      .all(digits) as { id: string }[]
  ).map((row) => row.id);
}

/** Every page of a search, newest first, by keyset. */
function searched(store: Store, search: string, limit = 50): string[] {
  const ids: string[] = [];
  let page = store.callLog.page({ search, limit });
  for (let guard = 0; guard < 200; guard++) {
    ids.push(...page.items.map((item) => item.id));
    if (!page.older) break;
    page = store.callLog.page({ search, limit, anchor: page.older });
  }
  return ids;
}

describe('1-2 digit searches of the call log', () => {
  it('finds every call holding the digits, common or rare, at any place in a number, txn_ref or note', () => {
    // Rare: +49 numbers (call 10, 400, 1,200), numbers with 7/8/9 (every 300th).
    const store = seeded(1_500, (index) =>
      index === 10 || index === 400 || index === 1_200
        ? `+4930${String(100_000 + index)}`
        : index % 300 === 7
          ? `+6581${String(700_000 + index * 3)}`
          : null,
    );
    for (const query of ['+49', '49', '9', '8', '7', '12', '1', '6', '55', '+65', '0', '99', ' 3 ']) {
      const digits = query.replace(/\D/g, '');
      const expected = scanned(store, digits);
      expect({ query, ids: searched(store, query) }).toEqual({ query, ids: expected });
      const total = store.callLog.page({ search: query, withTotal: true }).total;
      expect({ query, total }).toEqual({
        query,
        total: expected.length > 1_000 ? { count: 1_000, exact: false } : { count: expected.length, exact: true },
      });
    }
    // A pair no call holds: nothing, and an exact total of 0 (the index answers; no scan).
    const absent = ['90', '97', '98', '79', '89', '09'].find((pair) => scanned(store, pair).length === 0);
    expect(absent).toBeDefined();
    expect(store.callLog.page({ search: absent!, withTotal: true })).toMatchObject({
      items: [],
      total: { count: 0, exact: true },
    });
    store.close();
  });

  it('combines a 1-2 digit search with the other filters and a date range', () => {
    const store = seeded(600, (index) => (index % 50 === 3 ? `+4930${String(200_000 + index)}` : null));
    const from = new Date(Date.parse('2024-01-01T00:00:00.000Z') + 100 * 60_000).toISOString();
    const to = new Date(Date.parse('2024-01-01T00:00:00.000Z') + 400 * 60_000).toISOString();
    const page = store.callLog.page({ search: '+49', from, to, outcomes: ['connected'], limit: 100 });
    const expected = (
      store.db
        .prepare(
          `SELECT id FROM call_log WHERE instr(search_text, '49') AND created_at >= ? AND created_at < ?
           AND outcome = 'connected' ORDER BY seq DESC`,
        )
        .all(from, to) as { id: string }[]
    ).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.items.map((item) => item.id)).toEqual(expected);
    store.close();
  });
});

describe('totals of a walked 1-digit search', () => {
  it('are a lower bound from the newest 4,000 calls of the range, exact when the range is smaller', () => {
    // "7" in every 8th number only: common enough to walk (1 in 16 of the newest calls), below the 1,000 cap.
    const store = seeded(5_000, (index) => (index % 8 === 0 ? `+6581${String(700_000 + (index % 1000))}` : null));
    const holding = scanned(store, '7');
    expect(holding.length).toBeGreaterThan(600);
    const newest4000 = (
      store.db.prepare('SELECT id FROM call_log ORDER BY seq DESC LIMIT 4000').all() as { id: string }[]
    ).map((row) => row.id);
    const within = holding.filter((id) => newest4000.includes(id)).length;
    expect(within).toBeLessThan(holding.length);
    expect(store.callLog.page({ search: '7', withTotal: true }).total).toEqual({ count: within, exact: false });
    expect(searched(store, '7', 100)).toEqual(holding);
    // A range of 600 calls: counted whole, exact.
    const from = new Date(Date.parse('2024-01-01T00:00:00.000Z') + 1_000 * 60_000).toISOString();
    const to = new Date(Date.parse('2024-01-01T00:00:00.000Z') + 1_600 * 60_000).toISOString();
    const inRange = (
      store.db
        .prepare(
          `SELECT count(*) AS n FROM call_log WHERE created_at >= ? AND created_at < ?
           AND (instr(search_text, '7') OR instr(coalesce(note_text, ''), '7'))`,
        )
        .get(from, to) as { n: number }
    ).n;
    expect(store.callLog.page({ search: '7', from, to, withTotal: true }).total).toEqual({
      count: inRange,
      exact: true,
    });
    store.close();
  });
});

describe('long search terms holding digits (matched by their last trigrams, then checked whole)', () => {
  it('finds a txn_ref or a whole number exactly, not another with the same ending', () => {
    const store = freshStore();
    store.callLog.insert(callRecord({ id: 'a', dest2: '+14155550123', ...endedConnected({ txnRef: 'TX00012345' }) }));
    store.callLog.insert(callRecord({ id: 'b', dest2: '+14155559123', ...endedConnected({ txnRef: 'TX99912345' }) }));
    store.callLog.insert(callRecord({ id: 'c', dest2: '+6581234567', ...endedConnected({ txnRef: 'AA-C-12345' }) }));
    const found = (search: string): string[] => store.callLog.page({ search }).items.map((item) => item.id);
    expect(found('TX00012345')).toEqual(['a']);
    expect(found('tx99912345')).toEqual(['b']);
    expect(found('TX12345')).toEqual([]);
    expect(found('12345')).toEqual(['c', 'b', 'a']);
    expect(found('AA-C-12345')).toEqual(['c']);
    expect(found('+1 415 555 0123')).toEqual(['a']);
    expect(found('5550123')).toEqual(['a']);
    expect(found('415555 0123')).toEqual(['a']);
    expect(store.callLog.page({ search: '9912345', withTotal: true }).total).toEqual({ count: 1, exact: true });
    store.close();
  });
});
