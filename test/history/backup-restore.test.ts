import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { backupDatabase, checkBackupFile, restoreDatabase } from '../../src/main/core/store/backup.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { callRecord, endedConnected, tempDir } from '../store/support.ts';

function seeded(folder: string, calls: number): Store {
  const store = openStore(path.join(folder, 'hoiio.db'), { checkpointIntervalMs: 0 });
  store.contacts.create({ name: 'Ada Lovelace', phones: [{ label: '', number: '+14155550100' }] });
  for (let index = 0; index < calls; index++) {
    store.callLog.insert(callRecord({ id: `call-${index}`, ...endedConnected({ txnRef: `TX-${index}` }) }));
  }
  createCallNotesRepository(store.db).set('call-0', 'me', 'quote for Zanzibar');
  return store;
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const fileState = (file: string) => ({ size: statSync(file).size, bytes: readFileSync(file).toString('base64') });

describe('backup and restore', () => {
  it('a backup of the open database restores it: calls, contacts and notes come back, open connections see them', async () => {
    const folder = tempDir();
    const store = seeded(folder, 30);
    const target = path.join(tempDir(), 'backup.db');
    const phases: string[] = [];
    const result = await backupDatabase(store.filePath, target, {
      overwrite: false,
      onProgress: (phase) => phases.push(phase),
    });
    expect(result).toMatchObject({ calls: 30, contacts: 1 });
    expect(phases).toEqual(['writing', 'verifying']); // each phase told once, in order: nothing to count
    // One self-contained file.
    expect(readdirSync(path.dirname(target))).toEqual(['backup.db']);
    expect(checkBackupFile(target)).toEqual({ version: MIGRATIONS.length });

    // Changes after the backup: a call deleted, a note edited, a contact added.
    store.db.prepare("DELETE FROM call_log WHERE id = 'call-5'").run();
    createCallNotesRepository(store.db).set('call-0', 'me', 'changed my mind');
    store.contacts.create({ name: 'Grace Hopper', phones: [{ label: '', number: '+6581234567' }] });

    const restored = await restoreDatabase(store.filePath, target, { workDir: tempDir() });
    expect(restored).toMatchObject({ calls: 30, contacts: 1 });
    // The connection the app holds sees the restored data (no reopen needed).
    expect(store.callLog.count()).toBe(30);
    expect(store.callLog.getById('call-5')).not.toBeNull();
    expect(store.contacts.count()).toBe(1);
    expect(store.callLog.query({ search: 'zanzibar' }).items.map((entry) => entry.id)).toEqual(['call-0']);
    // The database as it was is kept, and it still holds the changes made after the backup.
    const kept = new DatabaseSync(restored.previousKeptAt, { readOnly: true });
    expect(kept.prepare('SELECT count(*) AS n FROM call_log').get()).toMatchObject({ n: 29 });
    expect(kept.prepare("SELECT body FROM call_notes WHERE call_id = 'call-0'").get()).toMatchObject({
      body: 'changed my mind',
    });
    kept.close();
    // The app keeps writing normally afterwards.
    store.callLog.insert(callRecord({ id: 'after', ...endedConnected({ txnRef: 'TX-after' }) }));
    expect(store.callLog.count()).toBe(31);
    store.close();
  });

  it('a backup from an older schema is brought up to date when restored', async () => {
    const folder = tempDir();
    const old = openStore(path.join(tempDir(), 'old.db'), {
      migrations: MIGRATIONS.slice(0, 9),
      checkpointIntervalMs: 0,
    });
    old.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    old.close();
    const backupFile = path.join(tempDir(), 'old-backup.db');
    copyFileSync(path.join(path.dirname(old.filePath), 'old.db'), backupFile);
    expect(checkBackupFile(backupFile)).toEqual({ version: 9 });
    const store = seeded(folder, 3);
    await restoreDatabase(store.filePath, backupFile, { workDir: tempDir() });
    expect(store.callLog.count()).toBe(0);
    expect((store.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(
      MIGRATIONS.length,
    );
    store.close();
  });

  it('refuses a damaged file, a foreign database, a newer schema and a non-database, changing nothing', async () => {
    const folder = tempDir();
    const store = seeded(folder, 10);
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = fileState(store.filePath);
    const elsewhere = tempDir();
    const workDir = tempDir();

    // Damaged: a good backup with pages in the middle overwritten.
    const damaged = path.join(elsewhere, 'damaged.db');
    await backupDatabase(store.filePath, damaged, { overwrite: false });
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096 * 2, 4096 * 4);
    writeFileSync(damaged, bytes);

    // Foreign: a sound SQLite database of another app.
    const foreign = path.join(elsewhere, 'foreign.db');
    const other = new DatabaseSync(foreign);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); PRAGMA user_version = 3;');
    other.close();

    // Newer: our database from a future version.
    const newer = path.join(elsewhere, 'newer.db');
    await backupDatabase(store.filePath, newer, { overwrite: false });
    const future = new DatabaseSync(newer);
    future.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    future.close();

    const text = path.join(elsewhere, 'notes.db');
    writeFileSync(text, 'this is not a database at all, just some text '.repeat(100));

    const reasons: Record<string, string | undefined> = {};
    for (const [name, file] of Object.entries({
      damaged,
      foreign,
      newer,
      text,
      missing: path.join(elsewhere, 'x.db'),
    })) {
      const error = await refusal(restoreDatabase(store.filePath, file, { workDir }));
      expect(error.code).toBe('invalid_input');
      reasons[name] = error.key;
    }
    expect(reasons).toEqual({
      damaged: 'restore.damaged',
      foreign: 'restore.foreign',
      newer: 'restore.newer',
      text: 'restore.notDatabase',
      missing: 'restore.missing',
    });
    // Nothing changed: the same bytes, nothing kept aside, nothing staged.
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(fileState(store.filePath)).toEqual(before);
    expect(readdirSync(folder).filter((name) => name.includes('before-restore'))).toEqual([]);
    expect(readdirSync(workDir)).toEqual([]);
    expect(store.callLog.count()).toBe(10);
    store.close();
  });

  it('a backup never replaces a file unless asked, and leaves no partial file when it fails', async () => {
    const store = seeded(tempDir(), 2);
    const target = path.join(tempDir(), 'exists.db');
    writeFileSync(target, 'precious');
    expect((await refusal(backupDatabase(store.filePath, target, { overwrite: false }))).code).toBe('conflict');
    expect(readFileSync(target, 'utf8')).toBe('precious');
    await backupDatabase(store.filePath, target, { overwrite: true });
    expect(checkBackupFile(target).version).toBe(MIGRATIONS.length);
    expect(existsSync(`${target}-wal`)).toBe(false);
    store.close();
  });
});
