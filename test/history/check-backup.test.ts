/**
 * Restore: the chosen file is checked read-only BEFORE the confirmation (database.checkBackup), so
 * the dialog states what would be restored, or the file is refused plainly. Real SQLite files,
 * through the contract, the history service and the jobs worker.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupCheck, BackupResult } from '../../src/shared/history.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { callRecord, endedConnected } from '../store/support.ts';
import { dataApiHarness, tempDir } from '../io/support.ts';

describe('database.checkBackup', () => {
  it('says how many calls and contacts a backup holds, its newest call and when it was saved, changing nothing', async () => {
    const { value, store } = dataApiHarness();
    store.contacts.create({ name: 'Ada Lovelace', phones: [{ label: '', number: '+14155550100' }] });
    store.contacts.create({ name: 'Alan Turing', phones: [{ label: '', number: '+14155550101' }] });
    for (let index = 0; index < 3; index++) {
      store.callLog.insert(
        callRecord({
          id: `call-${index}`,
          createdAt: `2026-0${index + 1}-15T10:00:00.000Z`,
          ...endedConnected({ txnRef: `TX-${index}` }),
        }),
      );
    }
    const target = path.join(tempDir('hoiio-check-'), 'monday.db');
    await value<BackupResult>('database:backup', { jobId: crypto.randomUUID(), path: target });
    const before = readFileSync(target);

    const check = await value<BackupCheck>('database:checkBackup', { path: target });
    expect(check).toEqual({
      fileName: 'monday.db',
      version: MIGRATIONS.length,
      calls: 3,
      contacts: 2,
      newestCallAt: '2026-03-15T10:00:00.000Z',
      modifiedAt: statSync(target).mtime.toISOString(),
    });
    // Read only: the backup and the app's data are as they were.
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(store.contacts.count()).toBe(2);
    store.close();
  });

  it('refuses a file that is not a backup with a plain reason, and a bad payload with a field error', async () => {
    const { call, store } = dataApiHarness();
    const folder = tempDir('hoiio-check-');
    const notDatabase = path.join(folder, 'photo.db');
    writeFileSync(notDatabase, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(await call('database:checkBackup', { path: notDatabase })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', key: 'restore.notDatabase' },
    });
    expect(await call('database:checkBackup', { path: path.join(folder, 'missing.db') })).toMatchObject({
      ok: false,
      error: { key: 'file.notFound' },
    });
    expect(await call('database:checkBackup', { path: 'relative.db' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: ['path'], key: 'file.notAbsolute' }] },
    });
    store.close();
  });
});
