/**
 * Issue 13: a search term of 4+ characters holding a digit is read through its rarest trigrams
 * (call-log-search.ts verifyMatch) and checked as a substring. Whatever the trigrams' frequencies
 * (rare, all common, one in no call, a 4-character term read as its phrase), the page and total equal a plain scan of the calls, on a
 * real file seeded with 3,000 calls (common trigrams are in over 1,000 of them).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/core/store/index.ts';
import { seedLargeDataDir } from '../support/seed-large.ts';
import { tempDir } from './support.ts';

const CALLS = 3_000;

function seeded() {
  const dir = tempDir();
  seedLargeDataDir(dir, { calls: CALLS, contacts: 200, now: Date.UTC(2026, 0, 1) });
  return openStore(path.join(dir, 'hoiio.db'));
}

describe('call log search by rarest trigrams', () => {
  it('pages and totals equal a plain scan for rare, common and absent trigrams', () => {
    const store = seeded();
    const scan = store.db.prepare(
      `SELECT id FROM call_log WHERE instr(lower(search_text), ?1) > 0 OR instr(lower(coalesce(contact_name, '')), ?1) > 0
         OR instr(lower(coalesce(note_text, '')), ?1) > 0 ORDER BY seq DESC`,
    );
    const queries = [
      'TX00001234', // rare tail trigrams: the two rarest, then the substring check
      'tx00002999',
      '1415555', // every trigram common (2,000 calls): the two whose newest 1,000 calls reach furthest back
      '14155550', // common head, rarer tail
      '5550', // 4 characters, all common: the phrase
      '0000',
      '0012',
      '81000012', // a contact's number
      'TX00009999', // all its trigrams are in calls, the term in none
      '98765',
      'qq123', // "qq1" is in no call: nothing, without reading the calls
      'TX0000123 Ada', // with a word
    ];
    for (const query of queries) {
      const [digitsOrWord, ...rest] = query.toLowerCase().split(' ');
      let expected = (scan.all(digitsOrWord!) as { id: string }[]).map((row) => row.id);
      for (const word of rest) {
        const other = new Set((scan.all(word) as { id: string }[]).map((row) => row.id));
        expected = expected.filter((id) => other.has(id));
      }
      const page = store.callLog.page({ search: query, limit: 100, withTotal: true });
      expect(
        page.items.map((item) => item.id),
        query,
      ).toEqual(expected.slice(0, 100));
      expect(page.total, query).toEqual(
        expected.length > 1_000 ? { count: 1_000, exact: false } : { count: expected.length, exact: true },
      );
      // The next page continues the scan's order.
      if (page.older) {
        const next = store.callLog.page({ search: query, limit: 100, anchor: page.older });
        expect(
          next.items.map((item) => item.id),
          query,
        ).toEqual(expected.slice(100, 200));
      }
    }
    store.close();
  });
});
