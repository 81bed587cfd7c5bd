import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallHistoryRepository } from '../../src/main/core/store/call-history.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { callRecord, endedConnected, tempDir } from './support.ts';

/** The side tables the log's triggers keep (migration 12), as plain rows to compare. */
function sideTables(store: Store): unknown {
  const all = (sql: string): unknown[] => store.db.prepare(sql).all();
  return {
    count: all('SELECT * FROM call_log_count'),
    names: all('SELECT * FROM call_log_names ORDER BY name'),
    hours: all('SELECT * FROM call_log_hours ORDER BY hour, mode, currency'),
  };
}

const order = (store: Store): string[] => store.callLog.page({ limit: 50 }).items.map((entry) => entry.id);
const seqOf = (store: Store, id: string): number =>
  (store.db.prepare('SELECT seq FROM call_log WHERE id = ?').get(id) as { seq: number }).seq;

function seeded(file: string): Store {
  const store = openStore(file, { now: () => new Date('2024-06-01T00:00:00.000Z') });
  const contact = store.contacts.create({
    name: 'Ingrid Oyelaran',
    phones: [{ label: 'mobile', number: '+14155550111' }],
  });
  for (const [id, minute] of [
    ['oldest', 0],
    ['middle', 5],
    ['newest', 9],
  ] as const) {
    const createdAt = new Date(Date.parse('2024-05-01T10:00:00.000Z') + minute * 60_000).toISOString();
    store.callLog.insert(
      callRecord({
        id,
        createdAt,
        updatedAt: createdAt,
        dest2: '+14155550111',
        contactId: contact.id,
        ...endedConnected({ txnRef: `TX-${id}` }),
      }),
    );
  }
  return store;
}

describe('undoing a delete of calls keeps each call at its time (issue 13)', () => {
  it('puts the call back with its own seq, notes, full-text rows and side-table figures, across a restart', () => {
    const file = path.join(tempDir(), 'hoiio.db');
    let store = seeded(file);
    const notes = createCallNotesRepository(store.db);
    notes.set('middle', 'me', 'Quoted the Zanzibar rate');
    const seqBefore = seqOf(store, 'middle');
    const sidesBefore = sideTables(store);
    const entryBefore = store.callLog.getEntry('middle');
    expect(order(store)).toEqual(['newest', 'middle', 'oldest']);

    const history = createCallHistoryRepository(store.db);
    expect(history.deleteCalls(['middle']).deleted).toEqual(['middle']);
    expect(order(store)).toEqual(['newest', 'oldest']);
    expect(sideTables(store)).not.toEqual(sidesBefore);
    store.close();

    // The undo slot survives a restart; the restore happens on a freshly opened file.
    store = openStore(file);
    expect(createCallHistoryRepository(store.db).undoDelete().restored).toEqual(['middle']);
    expect(order(store)).toEqual(['newest', 'middle', 'oldest']);
    expect(seqOf(store, 'middle')).toBe(seqBefore);
    expect(store.callLog.getEntry('middle')).toEqual(entryBefore);
    expect(sideTables(store)).toEqual(sidesBefore);
    // The full-text index has the call and its note again (a word of the note, a part of the txn_ref).
    expect(store.callLog.page({ search: 'zanzibar' }).items.map((entry) => entry.id)).toEqual(['middle']);
    expect(store.callLog.page({ search: 'TX-middle' }).items.map((entry) => entry.id)).toEqual(['middle']);
    expect(store.db.prepare("INSERT INTO call_log_fts (call_log_fts) VALUES ('integrity-check')").run()).toBeTruthy();
    // Keyset paging walks over it in order too.
    const first = store.callLog.page({ limit: 1 });
    const second = store.callLog.page({ limit: 1, anchor: first.older! });
    expect([first.items[0]?.id, second.items[0]?.id]).toEqual(['newest', 'middle']);
    store.close();
  });

  it('when a call of the same millisecond took its seq meanwhile, it still lands at its time', () => {
    const file = path.join(tempDir(), 'hoiio.db');
    const store = seeded(file);
    const history = createCallHistoryRepository(store.db);
    const middle = store.callLog.getById('middle')!;
    const seqBefore = seqOf(store, 'middle');
    history.deleteCalls(['middle']);
    // Created in the same millisecond: the insert numbers it with the seq the deleted call had.
    store.callLog.insert(callRecord({ id: 'twin', createdAt: middle.createdAt, updatedAt: middle.updatedAt }));
    expect(seqOf(store, 'twin')).toBe(seqBefore);

    expect(history.undoDelete().restored).toEqual(['middle']);
    expect(seqOf(store, 'middle')).toBe(seqBefore + 1);
    expect(order(store)).toEqual(['newest', 'middle', 'twin', 'oldest']);
    store.close();
  });
});
