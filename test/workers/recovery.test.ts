import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createCore, startCore } from '../../src/main/core/index.ts';
import { createStore, DATABASE_FILE_NAME, openStore } from '../../src/main/core/store/index.ts';
import { copyReadableRows } from '../../src/main/core/store/recovery.ts';
import { damageTablePages, tempDir } from '../store/support.ts';
import { callRecord, endedConnected } from '../store/support-records.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** A closed database with contacts and calls, then a few pages in its middle overwritten. */
function damagedAfterUncleanStop(dataDir: string): DatabaseSync {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  const store = openStore(file, { checkpointIntervalMs: 0 });
  for (let index = 0; index < 300; index++) {
    store.contacts.create({
      name: `Person ${index}`,
      notes: 'x'.repeat(500),
      phones: [{ label: 'mobile', number: `+1415555${String(index).padStart(4, '0')}` }],
    });
  }
  for (let index = 0; index < 200; index++) store.callLog.insert(callRecord({ id: `before-${index}` }));
  store.close();
  damageTablePages(file, 'contacts');
  // Left with WAL frames, as after a crash: the next start owes the full check.
  const crashed = new DatabaseSync(file);
  crashed.exec('PRAGMA wal_autocheckpoint = 0');
  crashed.exec("INSERT OR REPLACE INTO contact_undo (slot, deleted_at, contacts_json) VALUES (1, 'x', '[]')");
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
  // Kept open (a closing last connection would checkpoint): the caller closes it once the app is up.
  return crashed;
}

/** Writes `calls` connected calls (ids call-<i>, one a minute from 2024-01-01) to a new database `file`, closed cleanly. */
function writeCalls(file: string, calls: number): void {
  const store = openStore(file, { checkpointIntervalMs: 0 });
  store.db.exec('BEGIN');
  for (let index = 0; index < calls; index++) {
    store.callLog.insert(
      callRecord({
        ...endedConnected({ txnRef: `TX-${index}` }),
        id: `call-${index}`,
        createdAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
      }),
    );
  }
  store.db.exec('COMMIT');
  store.close();
}

describe('integrity check after an unclean stop', () => {
  it('runs after start-up; on damage copies every readable row, keeps writes made meanwhile, keeps the damaged file and tells the user', async () => {
    const dataDir = tempDir('hoiio-recover-');
    const crashed = damagedAfterUncleanStop(dataDir);
    const core = await createCore({ dataDir, shell: 'browser', logger: quiet });
    try {
      // Usable before the check finishes: a write and a read.
      const created = await core.api.contacts.create({
        company: '',
        notes: '',
        favourite: false,
        name: 'Written Since Start',
        phones: [{ label: 'mobile', number: '+6581230000' }],
      });
      crashed.close();
      await core.startupChecks;
      const info = await core.api.app.getInfo();
      expect(info.notices.map((notice) => notice.key)).toContain('databaseRecovered');
      expect(info.notices.map((notice) => notice.message).join(' ')).toMatch(
        /database was damaged .* copied into a new database.*kept at .*hoiio\.db\.corrupt-/,
      );
      const kept = readdirSync(dataDir).filter((name) => name.startsWith(`${DATABASE_FILE_NAME}.corrupt-`));
      expect(kept.length).toBeGreaterThan(0);
      expect(readdirSync(dataDir).some((name) => name.includes('.recovering-'))).toBe(false);
      // The write made while the check ran survived the swap; most older rows were readable.
      expect((await core.api.contacts.get({ id: created.id })).name).toBe('Written Since Start');
      const contacts = await core.api.contacts.list({
        search: '',
        favouritesFirst: true,
        favouritesOnly: false,
        offset: 0,
        limit: 10,
      });
      expect(contacts.total).toBeGreaterThan(200);
      const calls = await core.api.callLog.query({ search: '', offset: 0, limit: 10 });
      expect(calls.total).toBeGreaterThan(100);
      // And the recovered file is sound and writable.
      await core.api.contacts.create({
        company: '',
        notes: '',
        favourite: false,
        name: 'After Recovery',
        phones: [{ label: 'mobile', number: '+6581230001' }],
      });
      const check = new DatabaseSync(path.join(dataDir, DATABASE_FILE_NAME), { readOnly: true });
      expect(check.prepare('PRAGMA quick_check').get()).toEqual({ quick_check: 'ok' });
      check.close();
    } finally {
      await core.close();
    }
    expect(existsSync(path.join(dataDir, DATABASE_FILE_NAME))).toBe(true);
  });

  it('a sound file after an unclean stop: the check passes quietly, no notice', async () => {
    const dataDir = tempDir('hoiio-sound-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    const store = openStore(file, { checkpointIntervalMs: 0 });
    store.callLog.insert(callRecord({ id: 'kept' }));
    store.close();
    const crashed = new DatabaseSync(file);
    crashed.exec('PRAGMA wal_autocheckpoint = 0');
    crashed.exec("INSERT OR REPLACE INTO contact_undo (slot, deleted_at, contacts_json) VALUES (1, 'x', '[]')");
    const core = await createCore({ dataDir, shell: 'browser', logger: quiet });
    try {
      crashed.close();
      await core.startupChecks;
      expect((await core.api.app.getInfo()).notices).toEqual([]);
      expect((await core.api.callLog.get({ id: 'kept' })).id).toBe('kept');
    } finally {
      await core.close();
    }
  });

  it('rows written after the copy was taken (new and updated) are carried into the recovered file by the final step', () => {
    const dataDir = tempDir('hoiio-carry-');
    const crashed = damagedAfterUncleanStop(dataDir);
    const store = createStore({ dataDir, deferIntegrityCheck: true, checkpointIntervalMs: 0 });
    crashed.close();
    expect(store.integrityCheckDue).toBe(true);
    const target = path.join(dataDir, 'recovered.db');
    const report = copyReadableRows(store.filePath, target);
    expect(report.copied.call_log).toBe(200);
    // Written after the copy: only the tracked carry-over can bring these across.
    store.callLog.insert(callRecord({ id: 'after-copy' }));
    store.callLog.update('before-7', { state: 'failed', errorStatus: 'error_after_copy' });
    const late = store.contacts.create({ name: 'Late Contact', phones: [{ label: 'mobile', number: '+6581239999' }] });
    const { movedTo, carried } = store.replaceWithRecovered(target);
    expect(carried.calls).toBe(2);
    expect(existsSync(movedTo)).toBe(true);
    expect(store.callLog.getById('after-copy')?.id).toBe('after-copy');
    expect(store.callLog.getById('before-7')).toMatchObject({ state: 'failed', errorStatus: 'error_after_copy' });
    expect(store.contacts.get(late.id).phones.map((phone) => phone.e164)).toEqual(['+6581239999']);
    expect(store.callLog.query({ search: 'after_copy' }).items.map((item) => item.id)).toEqual(['before-7']);
    store.close();
  });
});

describe('copying a table with damaged leaves', () => {
  it('loses only the rows on the damaged pages, whichever leaves they are', () => {
    // Time-ordered seqs are far apart (a minute is 61,440,000 of them): the copy must step over
    // each damaged leaf to the next readable row, not give up on ranges around it.
    for (const calls of [3_000, 4_500]) {
      const dir = tempDir('hoiio-leaves-');
      const file = path.join(dir, DATABASE_FILE_NAME);
      writeCalls(file, calls);
      const leaves = new DatabaseSync(file, { readOnly: true });
      const cells = (
        leaves
          .prepare("SELECT ncell FROM dbstat WHERE name = 'call_log' AND pagetype = 'leaf' ORDER BY pageno")
          .all() as { ncell: number }[]
      ).map((row) => row.ncell);
      leaves.close();
      // damageTablePages overwrites the three middle leaves (by page number).
      const lost = cells
        .slice(Math.floor(cells.length / 2) - 1, Math.floor(cells.length / 2) + 2)
        .reduce((a, b) => a + b);
      damageTablePages(file, 'call_log');
      const report = copyReadableRows(file, path.join(dir, 'copy.db'));
      expect(report.copied.call_log, `${calls} calls`).toBe(calls - lost);
      expect(report.unreadable.call_log).toBeGreaterThan(0);
    }
  });
});

describe('copying a damaged child table (no rowid)', () => {
  it('contact phones that cannot be read in one pass are copied contact by contact, around the damaged pages', () => {
    const dataDir = tempDir('hoiio-phones-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    const store = openStore(file, { checkpointIntervalMs: 0 });
    const contacts = 2_000;
    for (let index = 0; index < contacts; index++) {
      store.contacts.create({
        name: `Person ${index}`,
        phones: [{ label: 'mobile', number: `+1415555${String(index).padStart(4, '0')}` }],
      });
    }
    store.close();
    damageTablePages(file, 'contact_phones');
    const bulk = new DatabaseSync(file, { readOnly: true });
    expect(() => bulk.prepare('SELECT * FROM contact_phones').all()).toThrow(/malformed/);
    bulk.close();

    const target = path.join(dataDir, 'recovered.db');
    const report = copyReadableRows(file, target);
    expect(report.copied.contacts).toBe(contacts);
    // Most phones were found one contact at a time; the contacts whose phones sat on the damaged pages count unreadable.
    expect(report.copied.contact_phones).toBeGreaterThan(contacts / 2);
    expect(report.copied.contact_phones).toBeLessThan(contacts);
    expect(report.unreadable.contact_phones).toBeGreaterThan(0);
    const recovered = new DatabaseSync(target, { readOnly: true });
    expect(recovered.prepare('PRAGMA quick_check').get()).toEqual({ quick_check: 'ok' });
    expect(recovered.prepare('SELECT count(*) AS n FROM contact_phones').get()).toEqual({
      n: report.copied.contact_phones,
    });
    recovered.close();
  });
});

describe('start after an unclean stop, with a modest log', () => {
  it('the core is ready and answering first; the integrity check runs and finishes afterwards', async () => {
    const dataDir = tempDir('hoiio-modest-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    const calls = 3_000;
    writeCalls(file, calls);
    // Damage the check will find (so its end is visible as a notice), then stop uncleanly.
    damageTablePages(file, 'call_log');
    const crashed = new DatabaseSync(file);
    crashed.exec('PRAGMA wal_autocheckpoint = 0');
    crashed.exec("INSERT OR REPLACE INTO contact_undo (slot, deleted_at, contacts_json) VALUES (1, 'x', '[]')");

    const order: string[] = [];
    const starting = startCore({ dataDir, shell: 'browser', logger: quiet });
    starting.events.on('startupChanged', (state) => order.push(`startup ${state.phase}`));
    starting.events.on('appInfoChanged', (info) => {
      if (info.notices.some((notice) => notice.key === 'databaseRecovered')) order.push('recovered notice');
    });
    const core = await starting.ready;
    order.push('ready');
    try {
      crashed.close();
      // Answering before the check: a call from the sound end of the log, and no notice yet.
      expect((await core.api.callLog.get({ id: `call-${calls - 1}` })).id).toBe(`call-${calls - 1}`);
      expect((await core.api.app.getInfo()).notices).toEqual([]);
      await core.startupChecks;
      order.push('checks finished');
      expect(order).toEqual(['startup ready', 'ready', 'recovered notice', 'checks finished']);
      const recovered = await core.api.callLog.query({ search: '', offset: 0, limit: 1 });
      expect(recovered.total).toBeGreaterThan(calls / 2);
      expect(recovered.total).toBeLessThan(calls);
    } finally {
      await core.close();
    }
  }, 120_000);
});
