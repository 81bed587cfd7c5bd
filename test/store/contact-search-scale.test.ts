import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideImport } from '../../src/main/core/io/import-merge-policy.ts';
import type { Store } from '../../src/main/core/store/index.ts';
import type { ContactAnchor } from '../../src/shared/contacts.ts';
import { freshStore } from './support.ts';

/**
 * Contact search at a size where its bounded reads take their other routes (issue 13): more
 * contacts than the name-order walk tests (4,000), terms with more matches than the trigram
 * path sorts (1,000), and a common term whose matches all come after the walk. Every page, read
 * both ways, must equal a plain scan (`list`, which tests every row), and the total must be exact
 * or a true lower bound.
 */
const CONTACTS = 6_000;
const SYLLABLES = ['an', 'bel', 'cor', 'da', 'el', 'fin', 'gra', 'ka', 'lin', 'mo', 'na', 'or', 'pe', 'si', 'ul', 'vi'];

function seed(store: Store): void {
  const syllable = (index: number, salt: number): string => SYLLABLES[(index * 7 + salt * 13 + (index >> 4)) % 16]!;
  const drafts = Array.from({ length: CONTACTS }, (_, index) => {
    // The last 1,200 in name order are "Zed …": a common term no contact of the first 4,000 holds.
    const first = index % 5 === 0 ? 'Zed' : `${syllable(index, 1)}${syllable(index, 2)}`;
    const name = `${first[0]!.toUpperCase()}${first.slice(1)} ${syllable(index, 3)}${syllable(index, 4)}${index % 97 === 0 ? ' Émile' : ''}`;
    const phones = [{ label: 'mobile', e164: `+6581${String((index * 7_919) % 1_000_000).padStart(6, '0')}` }];
    if (index % 3 === 0) phones.push({ label: 'work', e164: `+44207946${String(index % 10_000).padStart(4, '0')}` });
    return {
      name,
      company: index % 11 === 0 ? 'Ada Tan Pte Ltd' : '',
      notes: '',
      favourite: index % 17 === 0,
      phones: phones.map((phone) => ({ ...phone, original: phone.e164 })),
    };
  });
  store.contacts.importDrafts(drafts, 'merge', decideImport);
}

describe('contact search at 6,000 contacts agrees with a plain scan', () => {
  let store: Store;
  beforeAll(() => {
    store = freshStore();
    seed(store);
  });
  afterAll(() => store.close());

  const walk = (query: Record<string, unknown>, start: ContactAnchor, forward: boolean): string[] => {
    const seen: string[] = [];
    let anchor: ContactAnchor | null = start;
    for (let pages = 0; anchor && pages < 200; pages++) {
      const page = store.contacts.page({ ...query, anchor, limit: 100 });
      seen.push(...(forward ? page.items : [...page.items].reverse()).map((item) => item.id));
      anchor = forward ? page.next : page.previous;
    }
    return seen;
  };

  /** The plain scan: `list` tests every row (NOT INDEXED), 200 at a time. */
  const scan = (search: string, options: Record<string, unknown>): string[] => {
    const ids: string[] = [];
    for (let offset = 0; offset < CONTACTS; offset += 200) {
      ids.push(...store.contacts.list({ search, limit: 200, offset, ...options }).items.map((contact) => contact.id));
    }
    return ids;
  };

  it.each([
    ['one letter', 'a'],
    ['one letter, rarer', 'v'],
    ['two letters', 'ze'],
    ['two letters', 'ta'],
    ['one digit', '7'],
    ['two digits', '12'],
    ['four digits', '0001'],
    ['four digits', '5678'],
    ['national form', '020 7946'],
    ['three letters', 'cor'],
    ['common, all past the walk', 'zed'],
    ['accents folded', 'emile'],
    ['two words', 'ada ta'],
    ['two words', 'zed an'],
    ['no match, short', 'zq'],
    ['no match, long', 'xqzj'],
    ['no match, digits', '0000000'],
  ])('%s: %j', (_kind, search) => {
    for (const options of [{}, { favouritesFirst: false }, { favouritesOnly: true }]) {
      const expected = scan(search, options);
      expect(walk({ search, ...options }, { kind: 'first' }, true)).toEqual(expected);
      expect(walk({ search, ...options }, { kind: 'last' }, false)).toEqual([...expected].reverse());
      const total = store.contacts.page({ search, withTotal: true, ...options }).total!;
      if (total.exact) expect(total.count).toBe(expected.length);
      else {
        expect(total.count).toBeGreaterThan(0);
        expect(total.count).toBeLessThanOrEqual(Math.min(expected.length, 1_000));
      }
    }
  });

  it('counts a rare term exactly and a common one as a lower bound', () => {
    expect(store.contacts.page({ search: 'emile', withTotal: true }).total).toEqual({ count: 62, exact: true });
    expect(store.contacts.page({ search: 'zed', withTotal: true }).total).toEqual({ count: 1_000, exact: false });
    expect(store.contacts.page({ search: 'zq', withTotal: true }).total).toEqual({ count: 0, exact: true });
  });
});
