/**
 * Space after large deletions (one-off figures, not a test): 28 contacts and 12 calls, 60,000
 * contacts imported (importContactsFromFile) then deleted again as an undo does (their rows and
 * numbers), in a file made the old way (auto_vacuum none). Prints: the file's pages and free pages,
 * the old backup (online backup API) and the new one (store/backup.ts backupDatabase) in bytes and ms,
 * the one-time switch to incremental auto_vacuum (ms), the background reclaim on an incremental
 * file (steps, ms), and the switch and the backup at 100,000 calls (test/support/seed-large.ts).
 * Run: npm run bench:space -- [--contacts 60000] [--calls 100000]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backup } from 'node:sqlite';
import { connect } from '../src/main/core/store/database.ts';
import { parseArgs } from 'node:util';
import { importContactsFromFile } from '../src/main/core/io/contact-import.ts';
import { backupDatabase, fullTextGarbage } from '../src/main/core/store/backup.ts';
import { openStore } from '../src/main/core/store/index.ts';
import { MIGRATIONS } from '../src/main/core/store/migrations.ts';
import { reclaimSpace, switchToIncrementalVacuum } from '../src/main/core/store/reclaim.ts';
import { seedLargeDataDir } from '../test/support/seed-large.ts';
import { callRecord, endedConnected } from '../test/store/support-records.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string' }, calls: { type: 'string' } } });
const IMPORTED = Number(values.contacts ?? 60_000);
const CALLS = Number(values.calls ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-space-'));
const out: Record<string, unknown> = { imported: IMPORTED };
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(2));
const pagesOf = (file: string) => {
  const db = connect(file, { readOnly: true });
  const get = (pragma: string) => Object.values(db.prepare(`PRAGMA ${pragma}`).get() as object)[0] as number;
  const figures = { pages: get('page_count'), free: get('freelist_count'), autoVacuum: get('auto_vacuum') };
  db.close();
  return figures;
};
const timed = async <T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await work();
  return { ms: Number((performance.now() - started).toFixed(0)), value };
};

/** The user's file: old format, 28 contacts, 12 calls, 60,000 imported then undone. */
async function usersFile(file: string, incremental: boolean): Promise<void> {
  const db = connect(file);
  if (incremental) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  db.exec('PRAGMA journal_mode = WAL');
  for (const step of MIGRATIONS) {
    if (typeof step === 'string') db.exec(step);
    else step(db, () => {});
  }
  db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  db.close();
  const store = openStore(file, { checkpointIntervalMs: 0 });
  for (let index = 0; index < 28; index++) {
    store.contacts.create({
      name: `Kept Person ${index}`,
      phones: [{ label: '', number: `+6581${String(index).padStart(6, '0')}` }],
    });
  }
  store.db.exec(`CREATE TEMP TABLE kept AS SELECT id FROM contacts`);
  for (let index = 0; index < 12; index++) {
    store.callLog.insert(callRecord({ id: `call-${index}`, ...endedConnected({ txnRef: `TX-${index}` }) }));
  }
  const vcf = path.join(dir, 'import.vcf');
  writeFileSync(
    vcf,
    Array.from(
      { length: IMPORTED },
      (_, index) =>
        `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person ${index}\r\nORG:Company ${index % 500} Ltd\r\n` +
        `TEL;TYPE=CELL:+65 9${String(1_000_000 + index).slice(1)}1\r\nTEL;TYPE=WORK:+65 6${String(2_000_000 + index).slice(1)}2\r\nEND:VCARD\r\n`,
    ).join(''),
  );
  await importContactsFromFile(store.contacts, vcf, { defaultCountry: 'SG', duplicates: 'merge' });
  // As undoLastImport does: the added contacts and their numbers go.
  store.db.exec(`BEGIN; DELETE FROM contact_phones WHERE contact_id NOT IN (SELECT id FROM kept);
    DELETE FROM contacts WHERE id NOT IN (SELECT id FROM kept); COMMIT`);
  store.close();
}

/**
 * Where a backup of `file` can spend its time (ms), phase by phase, on a copy of its own: VACUUM
 * INTO, each full-text index's garbage estimate (fullTextGarbage) and 'optimize' (run here always,
 * to time it; backupDatabase runs it only for an index with much garbage), the copy's VACUUM when
 * pages were freed, and the checks (FTS5 integrity-check, integrity_check). Plus each FTS5 index's
 * size (its _data shadow table, KB) before and after the optimize.
 */
function backupPhases(file: string): Record<string, unknown> {
  const copyFile = path.join(dir, 'phases-backup.db');
  rmSync(copyFile, { force: true });
  const phases: Record<string, unknown> = {};
  const ms = (work: () => void): number => {
    const started = performance.now();
    work();
    return Number((performance.now() - started).toFixed(0));
  };
  const source = connect(file, { readOnly: true });
  phases.vacuumIntoMs = ms(() => source.prepare('VACUUM INTO ?').run(copyFile));
  source.close();
  const copy = connect(copyFile);
  copy.exec('PRAGMA journal_mode = DELETE');
  const ftsKB = (table: string) =>
    Math.round(
      (copy.prepare(`SELECT coalesce(sum(length(block)), 0) AS n FROM ${table}_data`).get() as { n: number }).n / 1024,
    );
  for (const table of ['contacts_fts', 'call_log_fts']) {
    const before = ftsKB(table);
    let garbage: ReturnType<typeof fullTextGarbage> | undefined;
    const estimateMs = ms(() => (garbage = fullTextGarbage(copy, table)));
    const took = ms(() => copy.prepare(`INSERT INTO ${table} (${table}) VALUES ('optimize')`).run());
    phases[table] = {
      estimateMs,
      estimatedGarbageKB: Math.round(garbage!.garbageBytes / 1024),
      optimizeMs: took,
      dataKBBefore: before,
      dataKBAfter: ftsKB(table),
    };
  }
  const free = (copy.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
  phases.freePagesAfterOptimize = free;
  phases.copyVacuumMs = free > 0 ? ms(() => copy.exec('VACUUM')) : 0;
  phases.ftsIntegrityMs = ms(() => {
    for (const table of ['contacts_fts', 'call_log_fts'])
      copy.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
  });
  phases.integrityCheckMs = ms(() => copy.prepare('PRAGMA integrity_check').all());
  copy.close();
  rmSync(copyFile, { force: true });
  return phases;
}

try {
  const oldFile = path.join(dir, 'old.db');
  await usersFile(oldFile, false);
  out.oldFileAfterUndo = { MB: mb(statSync(oldFile).size), ...pagesOf(oldFile) };

  const oldBackup = path.join(dir, 'old-backup.db');
  const source = connect(oldFile, { readOnly: true });
  const oldWay = await timed(() => backup(source, oldBackup, { rate: 256 }));
  source.close();
  out.backupOnlineApi = { ms: oldWay.ms, MB: mb(statSync(oldBackup).size) };

  const newBackup = path.join(dir, 'new-backup.db');
  const newWay = await timed(() => backupDatabase(oldFile, newBackup, { overwrite: false }));
  out.backupVacuumInto = {
    ms: newWay.ms,
    MB: mb(newWay.value.bytes),
    KB: Math.round(newWay.value.bytes / 1024),
    ...newWay.value,
  };

  const switchDb = connect(oldFile);
  const switched = await timed(() => switchToIncrementalVacuum(switchDb));
  switchDb.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  switchDb.close();
  out.switchOnce = { ms: switched.ms, MB: mb(statSync(oldFile).size), ...pagesOf(oldFile) };

  const incFile = path.join(dir, 'inc.db');
  await usersFile(incFile, true);
  out.incrementalFileAfterUndo = { MB: mb(statSync(incFile).size), ...pagesOf(incFile) };
  const incDb = connect(incFile, { timeout: 5_000 });
  const reclaimed = await timed(() => reclaimSpace(incDb, { merge: ['contacts_fts'], pauseMs: 0 }));
  incDb.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  incDb.close();
  out.backgroundReclaim = { ms: reclaimed.ms, ...reclaimed.value, MB: mb(statSync(incFile).size), ...pagesOf(incFile) };

  if (CALLS > 0) {
    const big = path.join(dir, 'big');
    seedLargeDataDir(big, { calls: CALLS, contacts: 1_000 });
    const bigFile = path.join(big, 'hoiio.db');
    const bigBackup = await timed(() => backupDatabase(bigFile, path.join(dir, 'big-backup.db'), { overwrite: false }));
    out.backupAtCalls = {
      calls: CALLS,
      ms: bigBackup.ms,
      MB: mb(bigBackup.value.bytes),
      fileMB: mb(statSync(bigFile).size),
    };
    out.backupPhasesAtCalls = backupPhases(bigFile);
    const bigDb = connect(bigFile);
    bigDb.exec('PRAGMA journal_mode = WAL');
    // As an older version made it (seedLargeDataDir makes a new, incremental file): untimed.
    bigDb.exec('PRAGMA auto_vacuum = NONE; VACUUM; PRAGMA wal_checkpoint(TRUNCATE)');
    const bigSwitch = await timed(() => switchToIncrementalVacuum(bigDb));
    const checkpoint = await timed(() => bigDb.exec('PRAGMA wal_checkpoint(TRUNCATE)'));
    bigDb.close();
    out.switchOnceAtCalls = {
      calls: CALLS,
      switched: bigSwitch.value,
      vacuumMs: bigSwitch.ms,
      checkpointMs: checkpoint.ms,
    };
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
