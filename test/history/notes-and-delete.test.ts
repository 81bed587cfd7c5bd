import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCallLogCsv } from '../../src/main/core/io/export.ts';
import { createCallHistoryRepository } from '../../src/main/core/store/call-history.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { SetNoteInputSchema } from '../../src/shared/history.ts';
import { callRecord, endedConnected, errorOf, freshStore, tempDir } from '../store/support.ts';

function setup() {
  const store = freshStore(() => new Date('2024-06-01T00:00:00.000Z'));
  const notes = createCallNotesRepository(store.db);
  const history = createCallHistoryRepository(store.db);
  return { store, notes, history };
}

describe('notes on a call', () => {
  it('a note is saved per call and author, found by a word of it, and deleted when emptied', () => {
    const { store, notes } = setup();
    const call = callRecord({ id: 'call-1', ...endedConnected({ txnRef: 'TX-A' }) });
    store.callLog.insert(call);
    store.callLog.insert(callRecord({ id: 'call-2', ...endedConnected({ txnRef: 'TX-B' }) }));

    const saved = notes.set('call-1', 'me', 'Asked about the Zanzibar quote');
    expect(saved.note).toMatchObject({ callId: 'call-1', author: 'me', body: 'Asked about the Zanzibar quote' });
    expect(notes.get('call-1', 'me')?.body).toBe('Asked about the Zanzibar quote');
    expect(store.callLog.query({ search: 'zanzibar' }).items.map((entry) => entry.id)).toEqual(['call-1']);
    expect(store.callLog.getEntry('call-1')?.note).toBe('Asked about the Zanzibar quote');

    // A second author's note joins the call's note text; editing replaces the old words in the index.
    notes.set('call-1', 'team-member-7', 'Follow up Friday');
    notes.set('call-1', 'me', 'Quote for Mombasa instead');
    expect(store.callLog.getEntry('call-1')?.note).toBe('Quote for Mombasa instead\nFollow up Friday');
    expect(store.callLog.query({ search: 'zanzibar' }).total).toBe(0);
    expect(store.callLog.query({ search: 'mombasa' }).items.map((entry) => entry.id)).toEqual(['call-1']);

    expect(notes.set('call-1', 'me', '').note).toBeNull();
    expect(notes.get('call-1', 'me')).toBeNull();
    expect(store.callLog.query({ search: 'mombasa' }).total).toBe(0);
    expect(store.callLog.getEntry('call-1')?.note).toBe('Follow up Friday');
    store.close();
  });

  it('two editors of one note: a save over a revision newer than the one the editor started from is refused with the newer note, nothing lost', () => {
    // The clock stands still, as two saves in the same millisecond would see it: revisions still differ.
    const { store, notes } = setup();
    store.callLog.insert(callRecord({ id: 'call-1', ...endedConnected({ txnRef: 'TX-A' }) }));
    // Both tabs opened the editor when the call had no note (base null).
    const fromA = notes.set('call-1', 'me', 'Note written in tab A', null).note!;
    const refused = errorOf(() => notes.set('call-1', 'me', 'Note written in tab B', null));
    expect(refused.code).toBe('conflict');
    expect(refused.key).toBe('note.changedElsewhere');
    expect(refused.details).toEqual({ current: fromA });
    expect(notes.get('call-1', 'me')?.body).toBe('Note written in tab A');
    // Tab B keeps its text knowingly: saved against the revision it was shown.
    const fromB = notes.set('call-1', 'me', 'Note written in tab B', fromA.updatedAt).note!;
    expect(fromB.body).toBe('Note written in tab B');
    expect(fromB.updatedAt > fromA.updatedAt).toBe(true);
    // Tab A, still on its own revision, is now the one refused; deleting over a newer note is refused too.
    expect(errorOf(() => notes.set('call-1', 'me', 'A again', fromA.updatedAt)).details).toEqual({ current: fromB });
    expect(errorOf(() => notes.set('call-1', 'me', '', fromA.updatedAt)).code).toBe('conflict');
    expect(notes.set('call-1', 'me', '', fromB.updatedAt).note).toBeNull();
    // A note deleted elsewhere: a save based on its last revision is refused with "no note now".
    expect(errorOf(() => notes.set('call-1', 'me', 'late', fromB.updatedAt)).details).toEqual({ current: null });
    // The contract carries the base revision through.
    expect(SetNoteInputSchema.parse({ callId: 'call-1', body: ' x ', baseUpdatedAt: null })).toEqual({
      callId: 'call-1',
      body: 'x',
      baseUpdatedAt: null,
    });
    store.close();
  });

  it('a note on a call that is not in the log is refused and nothing is written', () => {
    const { store, notes } = setup();
    expect(errorOf(() => notes.set('missing', 'me', 'hello')).code).toBe('not_found');
    expect(store.db.prepare('SELECT count(*) AS n FROM call_notes').get()).toMatchObject({ n: 0 });
    store.close();
  });

  it('the store refuses a note over 2,000 characters with its length, and keeps the note it had', () => {
    const { store, notes } = setup();
    store.callLog.insert(callRecord({ id: 'call-1', ...endedConnected({ txnRef: 'TX-A' }) }));
    notes.set('call-1', 'me', 'Kept');
    const refused = errorOf(() => notes.set('call-1', 'me', 'x'.repeat(2_001)));
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe('A note is at most 2000 characters; this one has 2001.');
    expect(notes.get('call-1', 'me')?.body).toBe('Kept');
    expect(notes.set('call-1', 'me', 'y'.repeat(2_000)).note?.body).toHaveLength(2_000);
    store.close();
  });

  it('the contract trims a note, treats white space as empty, and caps its length', () => {
    expect(SetNoteInputSchema.parse({ callId: 'c', body: '  hi  \n' }).body).toBe('hi');
    expect(SetNoteInputSchema.parse({ callId: 'c', body: ' \n\t ' }).body).toBe('');
    expect(SetNoteInputSchema.safeParse({ callId: 'c', body: 'x'.repeat(2_001) }).success).toBe(false);
    expect(SetNoteInputSchema.safeParse({ callId: 'c', body: ` ${'x'.repeat(2_000)} ` }).success).toBe(true);
  });

  it('notes are a column of the call log CSV export', async () => {
    const { store, notes } = setup();
    store.callLog.insert(callRecord({ id: 'call-1', ...endedConnected() }));
    notes.set('call-1', 'me', '=SUM(A1) asked for a callback');
    const target = path.join(tempDir(), 'calls.csv');
    await exportCallLogCsv(store.callLog, target, {});
    const rows = Papa.parse<Record<string, string>>(readFileSync(target, 'utf8').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows[0]?.Note).toBe("'=SUM(A1) asked for a callback");
    store.close();
  });
});

describe('deleting calls', () => {
  it('deletes calls with their notes, and Undo restores both exactly', () => {
    const { store, notes, history } = setup();
    for (const id of ['a', 'b', 'c'])
      store.callLog.insert(callRecord({ id, ...endedConnected({ txnRef: `TX-${id}` }) }));
    notes.set('a', 'me', 'keep this note');
    const before = store.callLog.getEntry('a');

    expect(history.deleteCalls(['a', 'b', 'nope'])).toEqual({ deleted: ['a', 'b'], undoable: true });
    expect(store.callLog.count()).toBe(1);
    expect(store.db.prepare('SELECT count(*) AS n FROM call_notes').get()).toMatchObject({ n: 0 });
    expect(store.callLog.query({ search: 'keep' }).total).toBe(0);

    expect(history.undoDelete().restored.sort()).toEqual(['a', 'b']);
    expect(store.callLog.getEntry('a')).toEqual(before);
    expect(notes.get('a', 'me')?.body).toBe('keep this note');
    expect(store.callLog.query({ search: 'keep' }).items.map((entry) => entry.id)).toEqual(['a']);
    // Undo once only.
    expect(errorOf(() => history.undoDelete()).code).toBe('not_found');
    store.close();
  });

  it('a call still in progress is not deleted, and nothing else is either', () => {
    const { store, history } = setup();
    store.callLog.insert(callRecord({ id: 'done', ...endedConnected() }));
    store.callLog.insert(callRecord({ id: 'live' }));
    const error = errorOf(() => history.deleteCalls(['done', 'live']));
    expect(error.code).toBe('conflict');
    expect(error.key).toBe('history.callInProgress');
    expect(store.callLog.count()).toBe(2);
    store.close();
  });

  it('clears ended calls older than a date in batches, with their notes, leaving newer and unfinished calls', () => {
    const { store, notes, history } = setup();
    const day = 86_400_000;
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    for (let index = 0; index < 4_500; index++) {
      store.callLog.insert(
        callRecord({
          id: `call-${index}`,
          createdAt: new Date(start + (index % 100) * day).toISOString(),
          ...endedConnected({ txnRef: `TX-${index}` }),
        }),
      );
    }
    store.callLog.insert(callRecord({ id: 'stuck', createdAt: new Date(start).toISOString() }));
    notes.set('call-0', 'me', 'old note');
    notes.set('call-99', 'me', 'new note');
    const cutoff = start + 50 * day;
    expect(history.countOlderThan(cutoff)).toBe(2_250);
    expect(history.deleteOlderThan(cutoff)).toBe(2_250);
    expect(store.callLog.count()).toBe(2_251);
    expect(store.callLog.getById('stuck')).not.toBeNull();
    expect(notes.get('call-0', 'me')).toBeNull();
    expect(notes.get('call-99', 'me')?.body).toBe('new note');
    store.close();
  });
});

describe('top contacts', () => {
  it('ranks parties by minutes and by cost in the currency most spent, one party per contact', () => {
    const { store, history } = setup();
    const ada = store.contacts.create({ name: 'Ada', phones: [{ label: '', number: '+14155550100' }] });
    const add = (
      id: string,
      contactId: string | null,
      dest2: string,
      minutes: number,
      debit: string,
      currency = 'SGD',
    ) =>
      store.callLog.insert(
        callRecord({
          id,
          contactId,
          dest2,
          ...endedConnected({ txnRef: id, durationMinutes: minutes, debit, currency }),
        }),
      );
    add('1', ada.id, '+14155550100', 10, '0.500');
    add('2', ada.id, '+14155550100', 5, '0.250');
    add('3', null, '+6591234567', 20, '0.100');
    add('4', null, '+6591234567', 1, '9.000', 'USD');
    const top = history.topContacts({});
    expect(top.currency).toBe('USD');
    expect(top.byMinutes.map((party) => [party.name ?? party.number, party.minutes])).toEqual([
      ['+6591234567', 21],
      ['Ada', 15],
    ]);
    expect(top.byCost.map((party) => [party.name ?? party.number, party.cost])).toEqual([['+6591234567', '9.000']]);
    expect(top.costs).toEqual([
      { currency: 'USD', amount: '9.000' },
      { currency: 'SGD', amount: '0.850' },
    ]);
    store.close();
  });
});

describe('recovery keeps notes and deletes', () => {
  it('a recovered copy carries the notes and the calls deleted or noted since start', async () => {
    const { copyReadableRows, copyChangesSinceStart, trackChangesSinceStart } =
      await import('../../src/main/core/store/recovery.ts');
    const { store, notes, history } = setup();
    for (const id of ['kept', 'noted', 'deleted'])
      store.callLog.insert(callRecord({ id, ...endedConnected({ txnRef: id }) }));
    notes.set('kept', 'me', 'an old note');
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    trackChangesSinceStart(store.db);
    // Written while the worker copies: a new note and a delete.
    notes.set('noted', 'me', 'written during the check');
    const target = path.join(tempDir(), 'recovered.db');
    copyReadableRows(store.filePath, target);
    history.deleteCalls(['deleted']);
    expect(copyChangesSinceStart(store.db, target)).toMatchObject({ calls: 2 });
    const { DatabaseSync } = await import('node:sqlite');
    const recovered = new DatabaseSync(target, { readOnly: true });
    expect(recovered.prepare('SELECT id, note_text FROM call_log ORDER BY id').all()).toEqual([
      { id: 'kept', note_text: 'an old note' },
      { id: 'noted', note_text: 'written during the check' },
    ]);
    expect(recovered.prepare("SELECT rowid FROM call_log_fts WHERE call_log_fts MATCH 'during'").all()).toHaveLength(1);
    expect(recovered.prepare('SELECT count(*) AS n FROM call_log_undo').get()).toMatchObject({ n: 1 });
    recovered.close();
    store.close();
  });
});
