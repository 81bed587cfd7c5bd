/**
 * Issue 13: a search combined with an outcome filter. An outcome few calls have ("Busy", "In
 * progress") is read from its index with each call's texts tested, where reading the term's list
 * for them could read all of it; a common one is read from the term's list, its total counted
 * within the list's newest 1,000 entries (a lower bound past them). Either way the page equals a
 * plain scan of the same calls, on a real file, for numbers, words with accents and short words.
 */
import { describe, expect, it } from 'vitest';
import { INDEX_COUNT_BUDGET, planFor } from '../../src/main/core/store/call-log-search.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { foldText } from '../../src/main/core/store/search-text.ts';
import type { Store } from '../../src/main/core/store/index.ts';
import { CallLogFilterSchema, type CallLogOutcomeFilter } from '../../src/shared/call-log.ts';
import { callRecord, freshStore, insertCallAt, minuteAt } from './support.ts';

const NAMES = ['José Ada', 'Zoë Tan', 'Ann Lee'];

/**
 * 1,500 calls, all to +6581… numbers (so "65" and "6581" are in every one), three in five to a
 * contact of NAMES (its name is searched with the call): 40 busy, 10 still in progress, the rest connected.
 */
function seeded(): Store {
  const store = freshStore();
  const notes = createCallNotesRepository(store.db);
  const numbers = NAMES.map((name, index) => {
    const number = `+658100000${index}`;
    store.contacts.create({ name, phones: [{ label: 'mobile', number }] });
    return number;
  });
  for (let index = 0; index < 1_500; index++) {
    const id = `f${String(index).padStart(4, '0')}`;
    const fields = { dest2: numbers[index % 5] ?? `+6581${String(200_000 + index * 7)}` };
    if (index % 150 === 3) {
      store.callLog.insert(callRecord({ id, createdAt: minuteAt(index), updatedAt: minuteAt(index), ...fields }));
    } else {
      insertCallAt(store, id, index, {
        ...fields,
        ...(index % 37 === 5 ? { statusDest2: 'busy', answeredAt: null, durationMinutes: 0 } : {}),
      });
    }
    if (index % 11 === 0) notes.set(id, 'me', index % 2 === 0 ? 'Résumé sent, call back' : 'invoice 4412');
  }
  return store;
}

interface ScannedCall {
  id: string;
  outcome: string | null;
  created_at: string;
  search_text: string;
  contact_name: string | null;
  note_text: string | null;
}

/** The ids a search must return, newest first: the scan of every call's texts, by the search box's rules. */
function scanned(store: Store, query: string, outcomes: readonly CallLogOutcomeFilter[], from?: string): string[] {
  const calls = store.db
    .prepare('SELECT id, outcome, created_at, search_text, contact_name, note_text FROM call_log ORDER BY seq DESC')
    .all() as unknown as ScannedCall[];
  const digits = /^[+\d\s]+$/.test(query) ? query.replace(/\D/g, '') : null;
  const words = digits === null ? foldText(query).split(/\s+/).filter(Boolean) : [];
  const texts = (call: ScannedCall) => [call.search_text, call.contact_name ?? '', call.note_text ?? ''];
  return calls
    .filter((call) => outcomes.includes((call.outcome ?? 'in_progress') as CallLogOutcomeFilter))
    .filter((call) => from === undefined || call.created_at >= from)
    .filter((call) =>
      digits !== null
        ? texts(call).some((text) => text.includes(digits))
        : words.every((word) =>
            word.length < 3
              ? (call.contact_name ?? '').toLowerCase().includes(word)
              : texts(call).some((text) => foldText(text).includes(word)),
          ),
    )
    .map((call) => call.id);
}

const QUERIES = ['65', '6581', '5', '12', '4412', 'ada', 'jose', 'zoe', 'résumé', 'an', 'z', 'ann lee', 'nobody'];

describe('a search within an outcome filter', () => {
  it('equals a scan for rare and common outcomes, with and without a date range', () => {
    const store = seeded();
    expect(scanned(store, '65', ['busy']).length).toBeGreaterThan(30);
    expect(scanned(store, '65', ['in_progress'])).toHaveLength(10);
    expect(scanned(store, 'jose', ['busy']).length).toBeGreaterThan(5);
    const from = minuteAt(600);
    for (const outcomes of [['busy'], ['in_progress'], ['busy', 'in_progress'], ['connected']] as const) {
      for (const query of QUERIES) {
        for (const range of [{}, { from }]) {
          const expected = scanned(store, query, outcomes, range.from);
          const page = store.callLog.page({
            search: query,
            outcomes: [...outcomes],
            ...range,
            limit: 20,
            withTotal: true,
          });
          const label = `${outcomes.join('+')} "${query}" ${range.from ?? ''}`;
          expect(
            page.items.map((item) => item.id),
            label,
          ).toEqual(expected.slice(0, 20));
          const total = page.total!;
          // Exact, or a true lower bound ("213+") when the count stopped in a long list.
          if (total.exact) expect(total.count, label).toBe(expected.length);
          else expect(total.count, label).toBeLessThanOrEqual(expected.length);
        }
      }
    }
    store.close();
  });

  it('reads a rare outcome from its index, and counts a common one within the list newest entries', () => {
    const store = seeded();
    const drive = (search: string, outcomes: CallLogOutcomeFilter[]) =>
      planFor(store.db, CallLogFilterSchema.parse({ search, outcomes })).from;
    expect(drive('65', ['busy'])).toContain('call_log_by_outcome');
    expect(drive('jose', ['in_progress'])).toContain('call_log_by_outcome');
    expect(drive('65', ['connected'])).toContain('call_log_grams');
    expect(drive('jose', ['connected'])).toContain('call_log_fts');

    // "65" is in all 1,500 calls: its count stops at the list's newest INDEX_COUNT_BUDGET entries.
    const newest = store.db
      .prepare(`SELECT outcome FROM call_log ORDER BY seq DESC LIMIT ${INDEX_COUNT_BUDGET}`)
      .all() as { outcome: string | null }[];
    const connectedAmongNewest = newest.filter((call) => call.outcome === 'connected').length;
    expect(store.callLog.page({ search: '65', outcomes: ['connected'], withTotal: true }).total).toEqual({
      count: connectedAmongNewest,
      exact: false,
    });
    // Busy calls are few: counted whole, exact.
    expect(store.callLog.page({ search: '65', outcomes: ['busy'], withTotal: true }).total).toEqual({
      count: scanned(store, '65', ['busy']).length,
      exact: true,
    });
    store.close();
  });

  it('a word in most calls, read from an anchor or in a date range, walks the log and equals a scan', () => {
    // "tx-f" (every call's txn_ref "TX-f0001"…) is a phrase of two trigrams in every call.
    const store = seeded();
    const every = (search: string, range: { from?: string }) => {
      const ids: string[] = [];
      let page = store.callLog.page({ search, ...range, limit: 200 });
      for (let guard = 0; guard < 50; guard++) {
        ids.push(...page.items.map((item) => item.id));
        if (!page.older) break;
        page = store.callLog.page({ search, ...range, limit: 200, anchor: page.older });
      }
      return ids;
    };
    const from = minuteAt(300);
    for (const search of ['tx-f', 'tx-f01', 'jose ada', 'résumé sent']) {
      expect(every(search, {}), search).toEqual(scanned(store, search, ['connected', 'busy', 'in_progress']));
      expect(every(search, { from }), search).toEqual(
        scanned(store, search, ['connected', 'busy', 'in_progress'], from),
      );
    }
    const walked = (bounds: { before?: number }, range: { from?: string }) =>
      planFor(store.db, CallLogFilterSchema.parse({ search: 'tx-f', ...range }), bounds).walk;
    expect([walked({}, {}), walked({ before: Number.MAX_SAFE_INTEGER }, {}), walked({}, { from })]).toEqual([
      false,
      true,
      true,
    ]);
    store.close();
  });
});
