/**
 * Issue 9 item 10: the last import can be undone as a whole, on real SQLite through the worker
 * threads: contacts it added are removed, contacts it merged into get their previous fields and
 * numbers back (extensions included); refused, changing nothing, when a contact it touched was
 * edited since; only the last import, and only once.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/shared/contacts.ts';
import type { ImportReport, ImportUndoPreview, ImportUndoResult } from '../../src/shared/import-export.ts';
import { dataApiHarness, tempDir } from './support.ts';
import { callRecord, endedConnected } from '../store/support.ts';

function vcards(...cards: { name: string; tel: string | string[]; note?: string }[]): string {
  const file = path.join(tempDir('hoiio-undo-'), 'people.vcf');
  writeFileSync(
    file,
    cards
      .map((card) =>
        [
          'BEGIN:VCARD',
          'VERSION:3.0',
          `FN:${card.name}`,
          ...[card.tel].flat().map((tel) => `TEL:${tel}`),
          card.note ? `NOTE:${card.note}` : '',
        ]
          .filter(Boolean)
          .concat('END:VCARD')
          .join('\r\n'),
      )
      .join('\r\n'),
  );
  return file;
}

async function setUp() {
  const harness = dataApiHarness();
  const alice = await harness.value<Contact>('contacts:create', {
    name: 'Alice Example',
    notes: 'met at the fair',
    phones: [{ label: 'work', number: '+65 6123 4567;ext=12' }],
  });
  const importFile = (file: string) =>
    harness.value<ImportReport>('importExport:importContacts', {
      jobId: crypto.randomUUID(),
      path: file,
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
  return { ...harness, alice, importFile };
}

describe('undo the last import', () => {
  it("links the log's calls to the numbers it brings, and unlinks them when undone (tester fault 1)", async () => {
    const { value, store, importFile } = await setUp();
    for (const [id, dest2] of [
      ['to-carol', '+6582222222'],
      ['to-alice-mobile', '+6593333333'],
    ] as const) {
      store.callLog.insert(callRecord({ id, dest2, ...endedConnected({ txnRef: `TX-${id}` }) }));
    }
    const names = () =>
      Object.fromEntries(store.callLog.page({ limit: 10 }).items.map((item) => [item.id, item.contactName]));
    expect(names()).toEqual({ 'to-carol': null, 'to-alice-mobile': null });
    await importFile(
      vcards(
        { name: 'Carol New', tel: '+65 8222 2222' },
        { name: 'Alice Example', tel: ['+65 6123 4567;ext=12', '+65 9333 3333'] },
      ),
    );
    expect(names()).toEqual({ 'to-carol': 'Carol New', 'to-alice-mobile': 'Alice Example' });
    await value<ImportUndoResult>('importExport:undoImport');
    expect(names()).toEqual({ 'to-carol': null, 'to-alice-mobile': null });
    store.close();
  });

  it('removes the contacts it added and gives merged contacts their previous values back', async () => {
    const { value, call, store, alice, importFile, seen } = await setUp();
    const report = await importFile(
      vcards(
        { name: 'Bob New', tel: '+65 8111 1111;ext=7' },
        { name: 'Carol New', tel: '+65 8222 2222' },
        // The same person as Alice (name and a shared number): first adding nothing (unchanged, skipped),
        // then merged, with a second number and a note.
        { name: 'alice example', tel: '+65 6123 4567;ext=12' },
        { name: 'Alice Example', tel: ['+65 6123 4567;ext=12', '+65 9333 3333'], note: 'new mobile' },
      ),
    );
    expect(report.counts).toMatchObject({ imported: 2, merged: 1, skipped: 1 });
    expect(report.skipped.map((entry) => entry.key)).toEqual(['unchanged']);
    // The staged import keeps the extension written in the file.
    const bob = store.contacts.list({ search: 'Bob' }).items[0]!;
    expect(bob.phones).toEqual([expect.objectContaining({ e164: '+6581111111', extension: '7' })]);
    const merged = store.contacts.get(alice.id);
    expect(merged.phones).toHaveLength(2);

    expect(await value<ImportUndoPreview>('importExport:lastImport')).toMatchObject({
      fileName: 'people.vcf',
      added: 2,
      merged: 1,
      editedCount: 0,
      editedNames: [],
    });
    // The report carries the undo this import recorded: the same as lastImport reads afterwards.
    expect(report.undo).toEqual(await value<ImportUndoPreview>('importExport:lastImport'));
    expect(await value<ImportUndoResult>('importExport:undoImport')).toEqual({
      removed: 2,
      restored: 1,
      fileName: 'people.vcf',
    });
    expect(store.contacts.count()).toBe(1);
    // Exactly as before the import: fields, numbers with their extension, and updated_at.
    expect(store.contacts.get(alice.id)).toEqual(alice);
    expect(seen.some((event) => (event.payload as { reason?: string }).reason === 'importUndone')).toBe(true);

    // Undone once: there is nothing left to undo.
    expect(await value('importExport:lastImport')).toBeNull();
    const again = await call('importExport:undoImport');
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found', key: 'import.nothingToUndo' } });
    store.close();
  });

  it('is refused, changing nothing, when a contact the import touched was edited since', async () => {
    const { value, call, store, alice, importFile } = await setUp();
    await importFile(
      vcards(
        { name: 'Dan New', tel: '+65 8444 4444' },
        { name: 'Alice Example', tel: ['+65 6123 4567;ext=12', '+65 9555 5555'] },
      ),
    );
    const dan = store.contacts.list({ search: 'Dan' }).items[0]!;
    await value('contacts:update', { id: dan.id, company: 'Edited Ltd' });
    await value('contacts:update', { id: alice.id, notes: 'edited after the import' });

    const preview = await value<ImportUndoPreview>('importExport:lastImport');
    expect(preview).toMatchObject({ added: 1, merged: 1, editedCount: 2 });
    expect(preview.editedNames).toEqual(['Alice Example', 'Dan New']);
    const refused = await call('importExport:undoImport');
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', key: 'import.undoEdited', params: { count: 2 } },
    });
    // Nothing changed: the edits and the imported contact stay.
    expect(store.contacts.get(dan.id).company).toBe('Edited Ltd');
    expect(store.contacts.get(alice.id).notes).toBe('edited after the import');
    expect(store.contacts.get(alice.id).phones).toHaveLength(2);
    store.close();
  });

  it('undoes an import that only merged into existing contacts', async () => {
    const { value, store, alice, importFile } = await setUp();
    const report = await importFile(
      vcards({ name: 'Alice Example', tel: ['+65 6123 4567;ext=12', '+65 9123 4567'], note: 'second number' }),
    );
    expect(report.counts).toMatchObject({ imported: 0, merged: 1 });
    expect(report.changed).toBe(1);
    expect(store.contacts.get(alice.id).phones).toHaveLength(2);
    expect(await value<ImportUndoPreview>('importExport:lastImport')).toMatchObject({ added: 0, merged: 1 });
    expect(await value<ImportUndoResult>('importExport:undoImport')).toMatchObject({ removed: 0, restored: 1 });
    expect(store.contacts.get(alice.id)).toEqual(alice);
    store.close();
  });

  it("an import whose merges changed nothing reports changed 0 and leaves the earlier import's undo as it was", async () => {
    const { value, store, alice, importFile } = await setUp();
    await importFile(vcards({ name: 'Erin First', tel: '+65 8666 6666' }));
    const report = await importFile(vcards({ name: 'Alice Example', tel: '+65 6123 4567;ext=12' }));
    // The record adds nothing Alice does not hold: reported unchanged (skipped), not merged.
    expect(report.counts).toMatchObject({ imported: 0, merged: 0, skipped: 1 });
    // The report says nothing changed (the panel offers no undo for it); the undo kept is Erin's import's.
    expect(report.changed).toBe(0);
    // No undo with this report: the earlier import's undo is never offered as this one's.
    expect(report.undo).toBeNull();
    expect(await value<ImportUndoPreview>('importExport:lastImport')).toMatchObject({ added: 1, merged: 0 });
    expect(store.contacts.get(alice.id)).toEqual(alice);
    expect(store.contacts.count()).toBe(2);
    store.close();
  });

  it('undoes only the last import; an added contact deleted since is no obstacle, a deleted merged one is', async () => {
    const { value, call, store, alice, importFile } = await setUp();
    await importFile(vcards({ name: 'Erin First', tel: '+65 8666 6666' }));
    await importFile(
      vcards({ name: 'Finn Second', tel: '+65 8777 7777' }, { name: 'Gail Second', tel: '+65 8888 8888' }),
    );
    const finn = store.contacts.list({ search: 'Finn' }).items[0]!;
    await value('contacts:delete', { ids: [finn.id] });
    expect(await value<ImportUndoResult>('importExport:undoImport')).toMatchObject({ removed: 2, restored: 0 });
    expect(store.contacts.list({ favouritesFirst: false }).items.map((contact) => contact.name)).toEqual([
      'Alice Example',
      'Erin First',
    ]);
    // The import merging into Alice, then Alice deleted: restoring her would bring back a deleted contact.
    await importFile(vcards({ name: 'Alice Example', tel: ['+65 6123 4567;ext=12', '+65 9999 0000'] }));
    await value('contacts:delete', { ids: [alice.id] });
    expect(await call('importExport:undoImport')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(store.contacts.find(alice.id)).toBeNull();
    store.close();
  });
});
