import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { integrityMarkerPath, openDatabase, schemaVersion } from '../../src/main/core/store/database.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/store/migrations.ts';
import { createStore, DATABASE_FILE_NAME, openStore } from '../../src/main/core/store/index.ts';
import { errorOf, tempDir } from './support.ts';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function tableNames(db: DatabaseSync): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table') ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
}

/** A database with some contacts, closed and checkpointed, so every page is in the main file. */
function populatedDatabase(file: string, contacts = 200): void {
  const store = openStore(file);
  for (let index = 0; index < contacts; index++) {
    store.contacts.create({
      name: `Person ${index}`,
      notes: 'x'.repeat(500),
      phones: [{ label: 'mobile', number: `+1415555${String(index).padStart(4, '0')}` }],
    });
  }
  store.close();
}

/** Overwrites a few pages in the middle of a (closed) database file. */
function damageMiddlePages(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
}

describe('openDatabase: creating and migrating', () => {
  it('migrates an empty (0-byte) file to the current schema, in WAL mode with the chosen pragmas', () => {
    const file = path.join(tempDir(), 'empty.db');
    writeFileSync(file, '');
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(tableNames(db)).toEqual(
        expect.arrayContaining(['call_log', 'contact_phones', 'contact_undo', 'contacts']),
      );
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 }); // NORMAL
      expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
      expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 });
    } finally {
      db.close();
    }
  });

  it('creates a missing file (and its folder) and can use synchronous=FULL', () => {
    const file = path.join(tempDir(), 'nested', 'folder', 'new.db');
    const db = openDatabase(file, { synchronous: 'full' });
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    } finally {
      db.close();
    }
  });

  it('upgrades a database at version 8 (call extensions) to the team tables (step 9), keeping its columns', () => {
    const file = path.join(tempDir(), 'v8.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 8) });
    expect(schemaVersion(old)).toBe(8);
    expect(tableNames(old)).not.toContain('team_call_links');
    old.close();

    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(tableNames(db)).toEqual(expect.arrayContaining(['team_call_links', 'team_calls', 'team_feed']));
      const columns = db
        .prepare(`SELECT name FROM pragma_table_info('call_log')`)
        .all()
        .map((row) => row['name']);
      expect(columns).toEqual(expect.arrayContaining(['hangup_requested_at', 'extension']));
    } finally {
      db.close();
    }
  });

  it('upgrades a database from an older schema step by step, keeping its data', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(schemaVersion(old)).toBe(1);
    expect(tableNames(old)).not.toContain('call_log');
    old
      .prepare(
        `INSERT INTO contacts (id, name, created_at, updated_at, sort_key, search_text) VALUES ('c1', 'Old Friend', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'old friend', 'old friend')`,
      )
      .run();
    old.close();

    const store = openStore(file);
    try {
      expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
      expect(store.contacts.get('c1').name).toBe('Old Friend');
      expect(store.callLog.count()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('rolls back a failing migration step and leaves the previous version intact', () => {
    const file = path.join(tempDir(), 'failing.db');
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const broken = [...MIGRATIONS.slice(0, 1), 'CREATE TABLE half_done (x); CREATE TABLE broken ('];
    expect(errorOf(() => openDatabase(file, { migrations: broken })).code).toBe('storage');
    const db = new DatabaseSync(file);
    try {
      expect(schemaVersion(db)).toBe(1);
      expect(tableNames(db)).not.toContain('half_done');
    } finally {
      db.close();
    }
  });

  it('checkpoints the WAL into the main file on close', () => {
    const dir = tempDir();
    const store = createStore({ dataDir: dir });
    store.contacts.create({ name: 'Wal Check', phones: [{ label: '', number: '+6581234567' }] });
    store.close();
    const wal = path.join(dir, `${DATABASE_FILE_NAME}-wal`);
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const reopened = createStore({ dataDir: dir });
    expect(reopened.contacts.count()).toBe(1);
    reopened.close();
  });
});

describe('openDatabase: files it must not damage', () => {
  it('refuses a database from a newer app version with a clear message and leaves the file byte-for-byte unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    populatedDatabase(file, 5);
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 7}`);
    db.close();
    const before = sha256(file);
    const filesBefore = readdirSync(dir).sort();

    const error = errorOf(() => createStore({ dataDir: dir }));
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/newer version of Hoiio Click-to-Call/);
    expect(error.message).toMatch(/Install the latest version/);
    expect(error.details).toMatchObject({
      reason: 'newer_schema',
      found: SCHEMA_VERSION + 7,
      supported: SCHEMA_VERSION,
    });
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('moves a file that is not a database aside, unchanged, and (refuse policy) reports where', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    writeFileSync(file, 'these are not the bytes of a SQLite database\n'.repeat(100));
    const before = sha256(file);

    const error = errorOf(() => createStore({ dataDir: dir, onCorrupt: 'refuse' }));
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/is damaged \(it is not a SQLite database\)/);
    const movedTo = (error.details as { movedTo: string }).movedTo;
    expect(path.basename(movedTo)).toMatch(/^hoiio\.db\.corrupt-\d{8}T\d{6}-\d{3}Z$/);
    expect(error.message).toContain(movedTo);
    expect(sha256(movedTo)).toBe(before);
    expect(existsSync(file)).toBe(false);
  });

  it('(start-fresh policy, the app default) starts an empty database beside the kept damaged one', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    writeFileSync(file, Buffer.alloc(8192, 0xab));
    const before = sha256(file);

    const store = createStore({ dataDir: dir });
    try {
      expect(store.recoveredFrom?.message).toMatch(/damaged/);
      expect(sha256(store.recoveredFrom!.movedTo)).toBe(before);
      expect(store.contacts.count()).toBe(0);
      store.contacts.create({ name: 'After Recovery', phones: [] });
    } finally {
      store.close();
    }
    const reopened = createStore({ dataDir: dir });
    expect(reopened.recoveredFrom).toBeNull();
    expect(reopened.contacts.count()).toBe(1);
    reopened.close();
  });

  it('with integrityCheck "always", detects damaged pages (quick_check) and never overwrites an earlier kept copy', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    const moved: string[] = [];
    for (let round = 0; round < 2; round++) {
      populatedDatabase(file, 300);
      damageMiddlePages(file);
      const before = sha256(file);
      const error = errorOf(() => createStore({ dataDir: dir, onCorrupt: 'refuse', integrityCheck: 'always' }));
      expect(error.details).toMatchObject({ reason: 'corrupt' });
      const movedTo = (error.details as { movedTo: string }).movedTo;
      expect(sha256(movedTo)).toBe(before);
      moved.push(movedTo);
    }
    expect(new Set(moved).size).toBe(2);
    expect(moved.every((copy) => existsSync(copy))).toBe(true);
  });

  it('after an unclean shutdown (WAL left with frames) runs the full check by default and finds damaged pages', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    populatedDatabase(file, 300);
    damageMiddlePages(file);
    const crashed = new DatabaseSync(file); // never closed before the check: like a killed app
    crashed.exec("INSERT INTO contact_undo (slot, deleted_at, contacts_json) VALUES (1, 'x', '[]')");
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    try {
      const error = errorOf(() => createStore({ dataDir: dir, onCorrupt: 'refuse' }));
      expect(error.details).toMatchObject({ reason: 'corrupt' });
    } finally {
      crashed.close();
    }
  });

  it('a corruption error at run time marks the file, and the next start checks it fully and moves it aside', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    populatedDatabase(file, 300);
    damageMiddlePages(file);
    const store = createStore({ dataDir: dir, onCorrupt: 'refuse' }); // a cleanly closed file gets the quick schema check only
    const error = errorOf(() => store.contacts.list({ search: 'no such person', limit: 200 }));
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/damaged: restart the app/);
    expect(existsSync(integrityMarkerPath(file))).toBe(true);
    store.close();

    const recovered = createStore({ dataDir: dir });
    expect(recovered.recoveredFrom?.movedTo).toMatch(/hoiio\.db\.corrupt-/);
    expect(existsSync(integrityMarkerPath(file))).toBe(false);
    expect(recovered.contacts.count()).toBe(0);
    recovered.close();
  });

  it('treats a truncated database file as damaged', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE_NAME);
    populatedDatabase(file, 300);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const error = errorOf(() => createStore({ dataDir: dir, onCorrupt: 'refuse' }));
    expect(error.details).toMatchObject({ reason: 'corrupt' });
  });
});
