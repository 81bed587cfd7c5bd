/**
 * Space after large deletions (new user: 60,000 contacts imported then undone gave a 55 MB backup of 28
 * contacts, and a live file that never shrank). Real SQLite files through the contract and the
 * jobs worker: the backup (VACUUM INTO + compacted full-text indexes) holds the live data only
 * and restores with its search working; the live file's free pages go back to the disk in the
 * background (store/reclaim.ts); a file made before incremental auto_vacuum is switched once.
 */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { connect } from '../../src/main/core/store/database.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/shared/contacts.ts';
import type { BackupResult, RestoreResult } from '../../src/shared/history.ts';
import type { ImportReport, ImportUndoResult } from '../../src/shared/import-export.ts';
import { openAppStore, openStore } from '../../src/main/core/store/index.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { autoVacuumMode, freePages, reclaimSpace } from '../../src/main/core/store/reclaim.ts';
import { backupDatabase, fullTextGarbage } from '../../src/main/core/store/backup.ts';
import { seedLargeDataDir } from '../support/seed-large.ts';
import { dataApiHarness, tempDir } from '../io/support.ts';

/** Contacts in the import: enough for a few MB of file (rows, numbers, trigram index). */
const IMPORTED = 4_000;

function manyCards(count: number): string {
  const file = path.join(tempDir('hoiio-compact-'), 'many.vcf');
  const cards: string[] = [];
  for (let index = 0; index < count; index++) {
    const digits = String(10_000_000 + index * 7);
    cards.push(
      `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person ${index} of Company ${index % 97}\r\nORG:Widgets ${index}\r\n` +
        `TEL:+65 8${digits.slice(1)}\r\nTEL:+65 9${digits.slice(1)}\r\nEND:VCARD`,
    );
  }
  writeFileSync(file, cards.join('\r\n'));
  return file;
}

function pageFigures(file: string): { pages: number; free: number; pageSize: number } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const get = (pragma: string) => Object.values(db.prepare(`PRAGMA ${pragma}`).get() as object)[0] as number;
    return { pages: get('page_count'), free: get('freelist_count'), pageSize: get('page_size') };
  } finally {
    db.close();
  }
}

describe('space after large deletions', () => {
  it('after an import is undone, the backup holds the remaining contacts compactly, restores, and finds them; the live file gives its free pages back', async () => {
    const { value, store } = dataApiHarness();
    await value<Contact>('contacts:create', { name: 'Ada Lovelace', phones: [{ label: '', number: '+14155550100' }] });
    await value<Contact>('contacts:create', { name: 'Grace Hopper', phones: [{ label: '', number: '+6581234567' }] });
    const report = await value<ImportReport>('importExport:importContacts', {
      jobId: crypto.randomUUID(),
      path: manyCards(IMPORTED),
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(IMPORTED);
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const withImport = pageFigures(store.filePath);
    expect(withImport.pages * withImport.pageSize).toBeGreaterThan(2 * 1024 * 1024);

    const undone = await value<ImportUndoResult>('importExport:undoImport');
    expect(store.contacts.count()).toBe(2);
    expect(undone).toBeDefined();

    // The backup: a fraction of the file that held the import, no bigger than the live data.
    const target = path.join(tempDir('hoiio-compact-'), 'after-undo.db');
    const backup = await value<BackupResult>('database:backup', { jobId: crypto.randomUUID(), path: target });
    expect(backup).toMatchObject({ contacts: 2, calls: 0 });
    const copy = pageFigures(target);
    expect(copy.free).toBe(0);
    expect(statSync(target).size).toBe(copy.pages * copy.pageSize);
    expect(copy.pages).toBeLessThan(withImport.pages / 10);

    // The live file: its free pages are given back in the background (bounded wait, no timing asserted).
    let after = pageFigures(store.filePath);
    for (let attempt = 0; attempt < 300 && after.pages >= withImport.pages / 2; attempt++) {
      await sleep(50);
      after = pageFigures(store.filePath);
    }
    expect(autoVacuumMode(store.db)).toBe(2);
    expect(after.pages).toBeLessThan(withImport.pages / 2);

    // A contact added after the backup goes away with the restore; the backup's contacts are found by name and digits.
    await value<Contact>('contacts:create', { name: 'Alan Turing', phones: [{ label: '', number: '+442079460000' }] });
    const restored = await value<RestoreResult>('database:restore', { jobId: crypto.randomUUID(), path: target });
    expect(restored).toMatchObject({ contacts: 2, calls: 0 });
    const names = (search: string) => store.contacts.page({ search, limit: 10 }).items.map((contact) => contact.name);
    expect(names('hopper')).toEqual(['Grace Hopper']);
    expect(names('81234')).toEqual(['Grace Hopper']);
    expect(names('lovel')).toEqual(['Ada Lovelace']);
    expect(names('turing')).toEqual([]);
    expect(names('imported person')).toEqual([]);
    // The database kept aside by the restore is compact too.
    const kept = pageFigures(restored.previousKeptAt);
    expect(kept.free).toBe(0);
    expect(kept.pages).toBeLessThan(withImport.pages / 10);
    store.close();
  });

  it('reclaimSpace empties the freelist of an incremental file in bounded steps', async () => {
    const store = openStore(path.join(tempDir('hoiio-compact-'), 'hoiio.db'), { checkpointIntervalMs: 0 });
    store.db.exec('BEGIN');
    for (let index = 0; index < 2_000; index++) {
      store.contacts.create({ name: `Person ${index}`, phones: [{ label: '', number: `+658${1_000_000 + index}` }] });
    }
    store.db.exec('COMMIT');
    store.db.exec('DELETE FROM contact_phones; DELETE FROM contacts');
    const before = freePages(store.db);
    expect(before).toBeGreaterThan(100);
    const result = await reclaimSpace(store.db, { merge: ['contacts_fts'], pauseMs: 0 });
    expect(result.freePagesBefore).toBe(before);
    expect(result.freePagesAfter).toBe(0);
    expect(result.steps).toBeGreaterThan(1);
    expect(freePages(store.db)).toBe(0);
    store.close();
  });

  it('a file made before incremental auto_vacuum is switched once at start-up, keeping its data and search', async () => {
    const dataDir = tempDir('hoiio-compact-');
    const file = path.join(dataDir, 'hoiio.db');
    // As an older version made it: no auto_vacuum, the full schema, some contacts, many deleted.
    const old = connect(file);
    old.exec('PRAGMA journal_mode = WAL');
    for (const step of MIGRATIONS) {
      if (typeof step === 'string') old.exec(step);
      else step(old, () => {});
    }
    old.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
    old.close();
    const seeded = openStore(file, { checkpointIntervalMs: 0 });
    expect(autoVacuumMode(seeded.db)).toBe(0);
    seeded.db.exec('BEGIN');
    for (let index = 0; index < 1_500; index++) {
      seeded.contacts.create({ name: `Person ${index}`, phones: [{ label: '', number: `+658${1_000_000 + index}` }] });
    }
    seeded.db.exec('COMMIT');
    seeded.db.exec("DELETE FROM contacts WHERE name <> 'Person 42'");
    seeded.close();
    const before = pageFigures(file);
    expect(before.free).toBeGreaterThan(50);

    const phases: string[] = [];
    const store = await openAppStore({ dataDir, onUpgradeProgress: (progress) => phases.push(progress.phase) });
    expect(phases).toContain('upgrading');
    expect(autoVacuumMode(store.db)).toBe(2);
    expect(freePages(store.db)).toBe(0);
    expect(store.contacts.page({ search: 'person 42', limit: 5 }).items.map((contact) => contact.name)).toEqual([
      'Person 42',
    ]);
    store.close();
  });
});

describe('the backup rewrites a full-text index only when it holds much garbage', () => {
  /** The FTS5 segments of `table` in the database `file` (their ids: `_data` rowid >> 37, fts5Int.h) and its blobs' bytes. */
  function segments(file: string, table: string): { ids: number[]; bytes: number } {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const ids = (
        db.prepare(`SELECT DISTINCT id >> 37 AS segment FROM ${table}_data WHERE id >> 37 > 0 ORDER BY 1`).all() as {
          segment: number;
        }[]
      ).map((row) => row.segment);
      const { bytes } = db.prepare(`SELECT sum(length(block)) AS bytes FROM ${table}_data`).get() as { bytes: number };
      return { ids, bytes };
    } finally {
      db.close();
    }
  }

  it('a compact call log index is copied as it is; after half the calls are deleted it is rewritten as one segment, and search works', async () => {
    const dataDir = tempDir('hoiio-compact-');
    seedLargeDataDir(dataDir, { calls: 20_000, contacts: 200 });
    const file = path.join(dataDir, 'hoiio.db');
    const live = segments(file, 'call_log_fts');
    expect(live.ids.length).toBeGreaterThan(1); // else a rewrite could not be told from a copy

    const first = path.join(tempDir('hoiio-compact-'), 'first.db');
    await backupDatabase(file, first, { overwrite: false });
    expect(segments(first, 'call_log_fts')).toEqual(live);
    expect(segments(first, 'contacts_fts')).toEqual(segments(file, 'contacts_fts'));

    // Half the calls deleted (the triggers add delete markers to the index; the deleted entries stay).
    const store = openStore(file, { checkpointIntervalMs: 0 });
    store.db.exec('DELETE FROM call_log WHERE CAST(substr(id, 6) AS INTEGER) % 2 = 0');
    const garbage = fullTextGarbage(store.db, 'call_log_fts');
    store.close();
    const withGarbage = segments(file, 'call_log_fts');
    expect(withGarbage.bytes).toBeGreaterThan(live.bytes);
    expect(garbage.garbageBytes).toBeGreaterThan(withGarbage.bytes / 3);

    const second = path.join(tempDir('hoiio-compact-'), 'second.db');
    const result = await backupDatabase(file, second, { overwrite: false });
    expect(result.calls).toBe(10_000);
    const rewritten = segments(second, 'call_log_fts');
    expect(rewritten.ids).toHaveLength(1);
    expect(rewritten.bytes).toBeLessThan(live.bytes * 0.6);
    expect(segments(second, 'contacts_fts')).toEqual(segments(file, 'contacts_fts')); // compact: left alone
    expect(pageFigures(second).free).toBe(0);
    const restored = openStore(second, { checkpointIntervalMs: 0 });
    try {
      expect(restored.callLog.query({ search: 'TX00000011', limit: 5 }).items.map((call) => call.id)).toEqual([
        'call-000011',
      ]);
      expect(restored.callLog.query({ search: 'TX00000012', limit: 5 }).items).toEqual([]);
    } finally {
      restored.close();
    }
  }, 120_000);
});
