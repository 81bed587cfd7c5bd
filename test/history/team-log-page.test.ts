import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { teamLogCount, teamLogPage } from '../../src/main/core/call-log/team-log-page.ts';
import { exportCallLogCsv, exportTeamCallLogCsv } from '../../src/main/core/io/export.ts';
import { TeamLocalStore, type TeamCallRow } from '../../src/main/core/team/local-store.ts';
import type { Store } from '../../src/main/core/store/index.ts';
import type { CallLogAnchor, CallLogKeysetPage, CallLogPageQuery } from '../../src/shared/call-log.ts';
import { callRecord, endedConnected, freshStore, tempDir } from '../store/support.ts';

// Issue 15 "my calls / team": a team member's log merges the team's calls pulled from the server
// (team_calls) with this desktop's own, by keyset, on a real SQLite file.

const at = (minute: number, ms = 0): string => new Date(Date.UTC(2024, 4, 1, 9, minute, 0, ms)).toISOString();

function teamRow(
  id: string,
  createdAt: string,
  placedBy: string,
  overrides: Record<string, unknown> = {},
): TeamCallRow {
  const { contactId: _local, ...record } = {
    ...callRecord({ id, createdAt, mode: 'live' }),
    ...endedConnected({ txnRef: `TX-${id}` }),
    ...overrides,
  };
  return {
    id,
    account: 'app-1',
    txnRef: (record.txnRef as string | null) ?? null,
    placedBy,
    recordJson: JSON.stringify(record),
    revision: 1,
    changeXid: '1',
    createdAt,
  };
}

/**
 * Local calls at minutes 0, 2, 4, … (placed here), a learned call at minute 5 linked by txn_ref to
 * bob's row, bob's calls at minutes 1, 3, 7 and three at the same millisecond of minute 9, and
 * this desktop's own call at minute 6 pulled back from the server (must not show twice).
 */
function seeded(): Store {
  const store = freshStore();
  for (let minute = 0; minute <= 8; minute += 2) {
    const call = callRecord({ id: `mine-${minute}`, createdAt: at(minute) });
    store.callLog.insert(call);
  }
  const own = callRecord({ id: 'mine-6b', createdAt: at(6, 500), mode: 'live' });
  store.callLog.insert(own);
  store.callLog.update(own.id, endedConnected({ txnRef: 'TX-own' }));
  const learned = { ...callRecord({ id: 'learned-5', createdAt: at(5), mode: 'live' }), tag: 'other-desktop' };
  store.callLog.insert(learned);
  store.callLog.update(learned.id, endedConnected({ txnRef: 'TX-bob-5' }));
  const local = new TeamLocalStore(store.db);
  local.applyBatch(
    'server',
    [
      teamRow('bob-1', at(1), 'bob'),
      teamRow('bob-3', at(3), 'bob', { outcome: 'busy' }),
      teamRow('bob-5', at(5), 'bob', { txnRef: 'TX-bob-5' }),
      teamRow('mine-6b', at(6, 500), 'alice', { txnRef: 'TX-own' }),
      teamRow('bob-7', at(7), 'bob'),
      teamRow('bob-9a', at(9), 'bob'),
      teamRow('bob-9b', at(9), 'carol'),
      teamRow('bob-9c', at(9), 'bob'),
    ],
    { xid: '1', id: 'bob-9c' },
    true,
  );
  return store;
}

function walk(store: Store, query: CallLogPageQuery, start: CallLogAnchor, direction: 'older' | 'newer'): string[] {
  const seen: string[] = [];
  let anchor: CallLogAnchor | null = start;
  for (let pages = 0; anchor && pages < 50; pages++) {
    const page: CallLogKeysetPage = teamLogPage(store.db, { ...query, anchor, limit: 2 });
    seen.push(...(direction === 'older' ? page.items : [...page.items].reverse()).map((item) => item.id));
    anchor = direction === 'older' ? page.older : page.newer;
  }
  return seen;
}

const EVERYONE_NEWEST_FIRST = [
  'bob-9c',
  'bob-9b',
  'bob-9a',
  'mine-8',
  'bob-7',
  'mine-6b',
  'mine-6',
  'learned-5',
  'mine-4',
  'bob-3',
  'mine-2',
  'bob-1',
  'mine-0',
];

describe('team member call log (issue 15)', () => {
  it('merges the team calls with this desktop’s, once each, by keyset in both directions', () => {
    const store = seeded();
    expect(walk(store, { team: 'everyone' }, { kind: 'newest' }, 'older')).toEqual(EVERYONE_NEWEST_FIRST);
    expect(walk(store, { team: 'everyone' }, { kind: 'oldest' }, 'newer')).toEqual(
      [...EVERYONE_NEWEST_FIRST].reverse(),
    );
    const first = teamLogPage(store.db, { team: 'everyone', limit: 3, withTotal: true });
    expect(first.total).toEqual({ count: EVERYONE_NEWEST_FIRST.length, exact: true });
    // From a team row's anchor (ties within one millisecond by id) both ways.
    const middle = teamLogPage(store.db, { team: 'everyone', anchor: first.older!, limit: 3 });
    expect(middle.items.map((item) => item.id)).toEqual(['mine-8', 'bob-7', 'mine-6b']);
    const back = teamLogPage(store.db, { team: 'everyone', anchor: middle.newer!, limit: 3 });
    expect(back.items.map((item) => item.id)).toEqual(['bob-9c', 'bob-9b', 'bob-9a']);
    expect(back.newer).toBeNull();
  });

  it('says who placed each call: you, a member, or the member a learned call was linked to', () => {
    const store = seeded();
    const items = walk(store, { team: 'everyone' }, { kind: 'newest' }, 'older');
    expect(items).toHaveLength(13);
    const page = teamLogPage(store.db, { team: 'everyone', limit: 20 });
    const byId = new Map(page.items.map((item) => [item.id, item]));
    expect(byId.get('mine-6b')!.placedBy).toEqual({ kind: 'you' });
    expect(byId.get('mine-6b')!.teamId).toBeUndefined();
    expect(byId.get('learned-5')!.placedBy).toEqual({ kind: 'member', member: 'bob' });
    expect(byId.get('bob-9b')!.placedBy).toEqual({ kind: 'member', member: 'carol' });
    expect(byId.get('bob-9b')!.teamId).toBe('bob-9b');
    expect(byId.get('bob-9b')!.contactId).toBeNull();
  });

  it('"Me" keeps the calls placed on this desktop; filters apply to team rows too', () => {
    const store = seeded();
    const mine = teamLogPage(store.db, { team: 'mine', limit: 20, withTotal: true });
    expect(mine.items.map((item) => item.id)).toEqual(['mine-8', 'mine-6b', 'mine-6', 'mine-4', 'mine-2', 'mine-0']);
    expect(mine.total).toEqual({ count: 6, exact: true });
    const busy = teamLogPage(store.db, { team: 'everyone', outcomes: ['busy'], limit: 20, withTotal: true });
    expect(busy.items.map((item) => item.id)).toEqual(['bob-3']);
    expect(busy.total).toEqual({ count: 1, exact: true });
    const range = teamLogPage(store.db, { team: 'everyone', from: at(3), to: at(5), limit: 20 });
    expect(range.items.map((item) => item.id)).toEqual(['mine-4', 'bob-3']);
    // A search reads the full-text index of this desktop's calls only (team rows are not in it).
    const searched = teamLogPage(store.db, { team: 'everyone', search: 'TX-bob', limit: 20 });
    expect(searched.items.every((item) => item.teamId === undefined)).toBe(true);
  });

  it('"Me" combines with date range, outcome, contact and search, each and together (local calls placed here)', () => {
    const store = seeded();
    // Every local call goes to +14155550100: the contact's calls (by number) include the learned one, placed elsewhere.
    const contact = store.contacts.create({
      name: 'Dana Shore',
      phones: [{ label: 'mobile', number: '+14155550100' }],
    });
    const filters: CallLogPageQuery[] = [
      { outcomes: ['connected'] },
      { from: at(3), to: at(7) },
      { contactId: contact.id },
      { search: '4155' },
      { search: 'TX-bob' },
      { search: '0' },
      { search: '41' },
      { contactId: contact.id, outcomes: ['connected'] },
      { contactId: contact.id, from: at(4), to: at(9) },
      { contactId: contact.id, search: '4155' },
      { outcomes: ['connected'], from: at(0), to: at(6), search: '555' },
    ];
    for (const filter of filters) {
      // The oracle: the store's own page of the filter, kept to the calls placed on this desktop (tag = id).
      const expected = store.callLog
        .page({ ...filter, limit: 100 })
        .items.filter((item) => item.tag === item.id)
        .map((item) => item.id);
      const label = JSON.stringify(filter);
      const mine = teamLogPage(store.db, { ...filter, team: 'mine', limit: 100, withTotal: true });
      expect(
        mine.items.map((item) => item.id),
        label,
      ).toEqual(expected);
      expect(
        mine.items.every((item) => item.placedBy?.kind === 'you'),
        label,
      ).toBe(true);
      expect(mine.total, label).toEqual({ count: expected.length, exact: true });
      // Paged by two, both directions, the same calls.
      expect(walk(store, { ...filter, team: 'mine' }, { kind: 'newest' }, 'older'), label).toEqual(expected);
      expect(walk(store, { ...filter, team: 'mine' }, { kind: 'oldest' }, 'newer'), label).toEqual(
        [...expected].reverse(),
      );
    }
    // The learned call is the contact's (by number) but was placed elsewhere: "Everyone" has it, "Me" not.
    const everyone = teamLogPage(store.db, { contactId: contact.id, team: 'everyone', limit: 100 });
    expect(everyone.items.map((item) => item.id)).toContain('learned-5');
  });

  it('the CSV export of a team member\'s filter lists the calls the log shows, with a "Placed by" column', async () => {
    const store = seeded();
    const contact = store.contacts.create({
      name: 'Dana Shore',
      phones: [{ label: 'mobile', number: '+14155550100' }],
    });
    const readCsv = (file: string) =>
      Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    const cases: { filter: CallLogPageQuery; scope: 'mine' | 'everyone' }[] = [
      { filter: {}, scope: 'everyone' },
      { filter: {}, scope: 'mine' },
      { filter: { outcomes: ['busy'] }, scope: 'everyone' },
      { filter: { from: at(3), to: at(8) }, scope: 'everyone' },
      { filter: { from: at(3), to: at(8) }, scope: 'mine' },
      { filter: { contactId: contact.id }, scope: 'mine' },
      { filter: { contactId: contact.id }, scope: 'everyone' },
      { filter: { search: '4155', outcomes: ['connected'] }, scope: 'mine' },
    ];
    for (const [index, { filter, scope }] of cases.entries()) {
      const label = JSON.stringify({ filter, scope });
      const listed = walk(store, { ...filter, team: scope }, { kind: 'newest' }, 'older');
      const target = path.join(tempDir(), `calls-${index}.csv`);
      const progress: [number, number][] = [];
      const result = await exportTeamCallLogCsv(
        store.db,
        target,
        filter,
        { scope, member: 'alice' },
        { onProgress: (done, total) => progress.push([done, total]) },
      );
      const rows = readCsv(target);
      expect(
        rows.map((row) => row['Call id']),
        label,
      ).toEqual(listed);
      expect(result.count, label).toBe(listed.length);
      expect(teamLogCount(store.db, { ...filter, team: scope }), label).toBe(listed.length);
      expect(progress.at(-1), label).toEqual([listed.length, listed.length]);
      const placedBy = new Map(rows.map((row) => [row['Call id'], row['Placed by']]));
      if (placedBy.has('mine-6b')) expect(placedBy.get('mine-6b'), label).toBe('alice');
      if (placedBy.has('learned-5')) expect(placedBy.get('learned-5'), label).toBe('bob');
      if (placedBy.has('bob-9b')) expect(placedBy.get('bob-9b'), label).toBe('carol');
      if (scope === 'mine')
        expect(
          [...placedBy.values()].every((member) => member === 'alice'),
          label,
        ).toBe(true);
    }
    // Without a team the export is as before: no "Placed by" column.
    const plain = path.join(tempDir(), 'plain.csv');
    await exportCallLogCsv(store.callLog, plain, {});
    expect(Object.keys(readCsv(plain)[0]!)).not.toContain('Placed by');
  });

  it('without a team scope the store page is unchanged (no placedBy)', () => {
    const store = seeded();
    const page = store.callLog.page({ limit: 20 });
    expect(page.items.map((item) => item.id)).not.toContain('bob-1');
    expect(page.items.every((item) => !('placedBy' in item))).toBe(true);
  });
});
