/**
 * The migration step that makes stored number labels language-neutral (migrations.ts
 * neutralPhoneLabels): a database an older version left, its contacts' labels saved in the UI's
 * words ("手机", "Work", vCard's "cell"), upgrades to the keywords shared/phone-labels.ts stores
 * ("mobile", "work"); custom labels stay as typed. Real SQLite files at the schema right before the
 * step (test/support/older-schema.ts), upgraded through the upgrade worker as the app opens them.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openAppStore } from '../../src/main/core/store/index.ts';
import { MIGRATIONS, neutralPhoneLabels } from '../../src/main/core/store/migrations.ts';
import { fileSchemaVersion, olderSchemaDatabase } from '../support/older-schema.ts';
import { tempDir } from './support.ts';

/** The schema right before the step: what the last version without it left. */
const BEFORE_STEP = MIGRATIONS.indexOf(neutralPhoneLabels);

describe('upgrade: number labels become language-neutral', () => {
  it('rewrites translated and vCard labels to their keyword, keeps custom ones, in contacts and import undo', async () => {
    expect(BEFORE_STEP).toBeGreaterThan(0);
    const dataDir = tempDir('hoiio-labels-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    olderSchemaDatabase(file, {
      version: BEFORE_STEP,
      contacts: [
        {
          id: 'c-wei',
          name: 'Wei Chen',
          phones: [
            { label: '手机', e164: '+6581230001' },
            { label: '工作', e164: '+6561230001' },
            { label: '住宅传真', e164: '+6561230002' },
          ],
        },
        {
          id: 'c-dana',
          name: 'Dana Lim',
          phones: [
            { label: 'Work', e164: '+6561230003' },
            { label: 'cell', e164: '+6581230003' },
            { label: ' Mobile ', e164: '+6581230004' },
            { label: 'mobile', e164: '+6581230005' },
            { label: 'Assistant', e164: '+6561230004' },
            { label: '老板', e164: '+6561230005' },
            { label: '', e164: '+6561230006' },
          ],
        },
      ],
    });
    // Numbers an import replaced, kept for its Undo (written by an older version too).
    const old = new DatabaseSync(file);
    old
      .prepare(
        'INSERT INTO import_undo_phones (contact_id, position, label, e164, original) VALUES (?, 0, ?, ?, ?), (?, 1, ?, ?, ?)',
      )
      .run('c-wei', 'Home Fax', '+6561239999', '+6561239999', 'c-wei', '传真', '+6561239998', '+6561239998');
    old.close();
    expect(fileSchemaVersion(file)).toBe(BEFORE_STEP);

    const store = await openAppStore({ dataDir, checkpointIntervalMs: 0 });
    try {
      expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
      const labels = (id: string) => store.contacts.get(id).phones.map((phone) => [phone.label, phone.e164]);
      expect(labels('c-wei')).toEqual([
        ['mobile', '+6581230001'],
        ['work', '+6561230001'],
        ['home fax', '+6561230002'],
      ]);
      expect(labels('c-dana')).toEqual([
        ['work', '+6561230003'],
        ['mobile', '+6581230003'],
        ['mobile', '+6581230004'],
        ['mobile', '+6581230005'],
        ['Assistant', '+6561230004'],
        ['老板', '+6561230005'],
        ['', '+6561230006'],
      ]);
      expect(
        store.db
          .prepare('SELECT label FROM import_undo_phones ORDER BY position')
          .all()
          .map((row) => row.label),
      ).toEqual(['home fax', 'fax']);
    } finally {
      store.close();
    }
  });
});
