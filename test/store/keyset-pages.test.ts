import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { MIGRATIONS, SEQ_PER_MS } from '../../src/main/core/store/migrations.ts';
import type { CallLogAnchor } from '../../src/shared/call-log.ts';
import type { ContactAnchor } from '../../src/shared/contacts.ts';
import path from 'node:path';
import { callRecord, endedConnected, freshStore, tempDir } from './support.ts';

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 9, minute)).toISOString();

/** `count` calls one minute apart, inserted in a shuffled order (reconciliation inserts old calls late). */
function seededLog(count: number): Store {
  const store = freshStore();
  const alice = store.contacts.create({ name: 'Alice Émond', phones: [{ label: '', number: '+14155550100' }] });
  const order = Array.from({ length: count }, (_, index) => (index * 7) % count);
  for (const index of order) {
    // Every third call is to Alice (linked); the others to a number no contact has.
    const linked = index % 3 === 0;
    const call = callRecord({
      id: `c${index}`,
      createdAt: at(index),
      contactId: linked ? alice.id : null,
      dest2: linked ? '+14155550100' : '+14155550199',
    });
    store.callLog.insert(call);
    if (index % 2 === 0) store.callLog.update(call.id, endedConnected({ txnRef: `TX${index}` }));
  }
  return store;
}

/** Every id of the log read page by page from `anchor` following `direction`. */
function walk(
  store: Store,
  filter: Record<string, unknown>,
  start: CallLogAnchor,
  direction: 'older' | 'newer',
): string[] {
  const seen: string[] = [];
  let anchor: CallLogAnchor | null = start;
  for (let pages = 0; anchor && pages < 100; pages++) {
    const page = store.callLog.page({ ...filter, anchor, limit: 4 });
    seen.push(...(direction === 'older' ? page.items : [...page.items].reverse()).map((item) => item.id));
    anchor = direction === 'older' ? page.older : page.newer;
  }
  return seen;
}

describe('call log keyset pages', () => {
  it('reads the whole log newest first, and oldest first from the end, whatever order calls were inserted in', () => {
    const store = seededLog(23);
    const newestFirst = Array.from({ length: 23 }, (_, index) => `c${22 - index}`);
    expect(walk(store, {}, { kind: 'newest' }, 'older')).toEqual(newestFirst);
    expect(walk(store, {}, { kind: 'oldest' }, 'newer')).toEqual([...newestFirst].reverse());
    const first = store.callLog.page({ limit: 4, withTotal: true });
    expect(first.total).toEqual({ count: 23, exact: true });
    expect(first.newer).toBeNull();
    expect(store.callLog.page({ anchor: { kind: 'oldest' }, limit: 4 }).older).toBeNull();
    store.close();
  });

  it('pages filters, searches (3+ characters and 1-2 character names) and date ranges by keyset', () => {
    const store = seededLog(23);
    const alice = store.contacts.list({ search: 'alice' }).items[0]!;
    const byContact = walk(store, { contactId: alice.id }, { kind: 'newest' }, 'older');
    expect(byContact).toEqual(['c21', 'c18', 'c15', 'c12', 'c9', 'c6', 'c3', 'c0']);
    expect(walk(store, { search: 'al' }, { kind: 'newest' }, 'older')).toEqual(byContact);
    expect(walk(store, { search: 'emond' }, { kind: 'oldest' }, 'newer')).toEqual([...byContact].reverse());
    expect(walk(store, { search: 'zq' }, { kind: 'newest' }, 'older')).toEqual([]);
    expect(walk(store, { outcomes: ['connected'], from: at(5), to: at(11) }, { kind: 'newest' }, 'older')).toEqual([
      'c10',
      'c8',
      'c6',
    ]);
    expect(store.callLog.page({ search: 'al', withTotal: true }).total).toEqual({ count: 8, exact: true });
    expect(store.callLog.page({ search: 'zq', withTotal: true }).total).toEqual({ count: 0, exact: true });
    expect(store.callLog.page({ outcomes: ['in_progress'], withTotal: true }).total).toEqual({
      count: 11,
      exact: true,
    });
    store.close();
  });

  it('keeps the side tables (count, names, hourly totals) equal to the calls through inserts, updates and renames', () => {
    const store = seededLog(30);
    const alice = store.contacts.list({ search: 'alice' }).items[0]!;
    store.contacts.update({ id: alice.id, name: 'Alice Renamed' });
    const db = store.db;
    expect(db.prepare('SELECT calls FROM call_log_count').get()).toEqual({ calls: 30 });
    expect(db.prepare('SELECT name, calls FROM call_log_names').all()).toEqual([{ name: 'Alice Renamed', calls: 10 }]);
    const hours = db.prepare('SELECT sum(calls) AS calls, sum(minutes) AS minutes FROM call_log_hours').get();
    const calls = db.prepare('SELECT count(*) AS calls, sum(duration_minutes) AS minutes FROM call_log').get();
    expect(hours).toEqual(calls);
    const viaHours = store.callLog.totals({ period: 'month', timeZone: 'utc' });
    const viaCalls = store.callLog.totals({ period: 'month', timeZone: 'utc', search: 'renamed' });
    expect(viaHours.overall.calls).toBe(30);
    expect(viaCalls.overall.calls).toBe(10);
    store.close();
  });

  it('renumbers the calls of an older database in time order and keeps its search index', () => {
    const file = path.join(tempDir(), 'v9.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 9) });
    const insert = old.prepare(
      `INSERT INTO call_log (id, mode, dest1, dest2, state, created_at, created_ms, updated_at, search_text)
       VALUES (?, 'sandbox', '+6581234567', '+14155550100', 'ended', ?, ?, ?, '14155550100')`,
    );
    for (const minute of [5, 1, 3]) insert.run(`m${minute}`, at(minute), Date.parse(at(minute)), at(minute));
    old.close();
    const store = openStore(file);
    const rows = store.db.prepare('SELECT id, seq FROM call_log ORDER BY seq').all() as { id: string; seq: number }[];
    expect(rows.map((row) => row.id)).toEqual(['m1', 'm3', 'm5']);
    expect(rows[0]!.seq).toBe(Date.parse(at(1)) * SEQ_PER_MS);
    expect(store.callLog.page({ search: '5550' }).items.map((item) => item.id)).toEqual(['m5', 'm3', 'm1']);
    store.close();
  });
});

describe('contact keyset pages', () => {
  function seededContacts(): Store {
    const store = freshStore();
    for (let index = 0; index < 30; index++) {
      store.contacts.create({
        name: `${index % 2 ? 'Zed' : 'Amy'} ${String(index).padStart(2, '0')}`,
        favourite: index % 5 === 0,
        phones: [{ label: '', number: `+6581${String(index).padStart(6, '0')}` }],
      });
    }
    return store;
  }
  const walkContacts = (store: Store, query: Record<string, unknown>, start: ContactAnchor, forward: boolean) => {
    const seen: string[] = [];
    let anchor: ContactAnchor | null = start;
    for (let pages = 0; anchor && pages < 100; pages++) {
      const page = store.contacts.page({ ...query, anchor, limit: 4 });
      seen.push(...(forward ? page.items : [...page.items].reverse()).map((item) => item.name));
      anchor = forward ? page.next : page.previous;
    }
    return seen;
  };

  it('walks the list both ways in list order (favourites first) and agrees with the offset list', () => {
    const store = seededContacts();
    const all = store.contacts.list({ limit: 200 }).items.map((contact) => contact.name);
    expect(walkContacts(store, {}, { kind: 'first' }, true)).toEqual(all);
    expect(walkContacts(store, {}, { kind: 'last' }, false)).toEqual([...all].reverse());
    expect(store.contacts.page({ withTotal: true }).total).toEqual({ count: 30, exact: true });
    store.close();
  });

  it.each(['a', 'ze', 'amy 1', '8100001', '81', 'zq', '99'])(
    'search %j finds what the scanning list finds',
    (search) => {
      const store = seededContacts();
      const expected = store.contacts.list({ search, limit: 200 }).items.map((contact) => contact.name);
      expect(walkContacts(store, { search }, { kind: 'first' }, true)).toEqual(expected);
      expect(store.contacts.page({ search, withTotal: true }).total).toEqual({ count: expected.length, exact: true });
      store.close();
    },
  );

  it('names the other contacts that hold the same number', () => {
    const store = freshStore();
    const a = store.contacts.create({ name: 'A', phones: [{ label: '', number: '+6581000001' }] });
    const b = store.contacts.create({ name: 'B', phones: [{ label: '', number: '+6581000001' }] });
    expect(store.contacts.sharedNumbers(a.id)).toEqual([{ e164: '+6581000001', contacts: [{ id: b.id, name: 'B' }] }]);
    store.close();
  });
});
