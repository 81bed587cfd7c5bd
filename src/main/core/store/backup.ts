import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { backup, type DatabaseSync } from 'node:sqlite';
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import { AppError, type ErrorCode } from '../../../shared/errors.ts';
import { connect, openDatabase, schemaVersion } from './database.ts';
import { MIGRATIONS } from './migrations.ts';
import { FULL_TEXT_TABLES, switchToIncrementalVacuum } from './reclaim.ts';
import { isSqliteError, SQLITE, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';

/**
 * Whole-database backup (`VACUUM INTO`, compact) and restore (SQLite's online backup API,
 * node:sqlite `backup()`, sqlite.org/backup.html). Both run in the `jobs` database worker.
 *
 * Restore never replaces the app's file: the checked and migrated copy is written INTO the open
 * database by one backup whose destination write is a single transaction, so it either lands
 * whole or not at all, and every open connection (main, workers, team) sees the restored data
 * through SQLite's own change detection. The database as it was is first copied aside (kept, on
 * purpose, as the way back: never removed by the app; the restore's question and its result say
 * where and that it stays until the user deletes it). That copy is a backup (VACUUM INTO), so it
 * holds the live data only, not the file's free pages.
 */

/** A step of a single backup (the restore's write): SQLite takes every page in one go. */
const ALL_PAGES = 2 ** 31 - 1;
const BUSY_RETRIES = 20;
const BUSY_WAIT_MS = 250;

/**
 * Where a backup is: copying the database (`writing`: VACUUM INTO, and the copy's full-text indexes
 * when they need it), then checking the copy (`verifying`). Neither can count its work: one SQL
 * statement each, with no progress callback.
 */
export type BackupPhase = 'writing' | 'verifying';

/** Counts to report: calls and contacts in a database. */
function counts(db: DatabaseSync): { calls: number; contacts: number } {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { calls: count('call_log'), contacts: count('contacts') };
}

/**
 * Copies the database `sourceFile` (open or not, WAL included) into the new file `target` with
 * `VACUUM INTO` (sqlite.org/lang_vacuum.html#vacuuminto): one read transaction, so a consistent
 * snapshot beside the app's writes, written compactly: free pages are left out and every b-tree
 * (tables, indexes, the FTS5 tables' shadow tables) is rebuilt packed, so a database that once
 * held 60,000 contacts and now 28 backs up in kilobytes, not the file's high-water mark. Rowids
 * are kept (the FTS5 tables are keyed by them; `ftsProblem` checks it in the copy). A copied FTS5
 * index that holds much of its deleted rows' entries is then rewritten without them (compactFullText).
 *
 * Written to a temporary file beside `target`, checked as a restore would check it
 * (checkBackupFile: integrity_check, schema shape) plus the FTS5 tables' own integrity-check,
 * and renamed into place only then, so a failed or cancelled backup leaves no half file. The copy
 * is self-contained (rollback journal, no -wal).
 *
 * Progress: `onProgress` hears each phase as it starts (BackupPhase: 'writing', then 'verifying');
 * there is nothing to count within one. `signal` is honoured before and after the copy (not in the
 * middle of the statement). Throws AppError 'conflict' when `target` exists and
 * `overwrite` is false, 'cancelled' when `signal` aborted, 'storage' when the copy fails its checks.
 */
export async function backupDatabase(
  sourceFile: string,
  target: string,
  options: { overwrite: boolean; signal?: AbortSignal; onProgress?: (phase: BackupPhase) => void },
): Promise<{ bytes: number; calls: number; contacts: number }> {
  if (!options.overwrite && existsSync(target)) {
    throw new AppError('conflict', `${target} exists already.`, { path: target });
  }
  const stopIfCancelled = () => {
    if (options.signal?.aborted) throw new AppError('cancelled', 'The backup was cancelled; no file was written.');
  };
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}`);
  removeDatabaseFiles(partial);
  const source = connect(sourceFile, { readOnly: true, timeout: 5_000 });
  try {
    stopIfCancelled();
    options.onProgress?.('writing');
    await withBusyRetries(async () => {
      removeDatabaseFiles(partial); // VACUUM INTO refuses a file that is there
      source.prepare('VACUUM INTO ?').run(partial);
    });
    stopIfCancelled();
    const copy = connect(partial);
    let found: { calls: number; contacts: number };
    try {
      copy.exec('PRAGMA journal_mode = DELETE'); // one self-contained file
      compactFullText(copy);
      stopIfCancelled();
      options.onProgress?.('verifying');
      const problem = ftsProblem(copy);
      if (problem !== null) throw new AppError('storage', `The backup could not be verified (${problem}); try again.`);
      found = counts(copy);
    } finally {
      copy.close();
    }
    try {
      checkBackupFile(partial);
    } catch (error) {
      throw new AppError('storage', `The backup could not be verified (${String(error)}); try again.`);
    }
    stopIfCancelled();
    removeDatabaseFiles(target, ['-wal', '-shm', '-journal']);
    renameSync(partial, target);
    return { bytes: statSync(target).size, ...found };
  } catch (error) {
    removeDatabaseFiles(partial);
    if (error instanceof AppError) throw error;
    throw toStorageError(error, 'Backing up the database');
  } finally {
    source.close();
  }
}

/**
 * What a compact index of this app's texts takes per token, in bytes of its `_data` blobs, with
 * slack: measured 4.1 for contacts and 5.2 for the call log, once rewritten as one segment
 * (bench/space.bench.ts, `backupPhasesAtCalls`). Text with more repeated trigrams takes less, and
 * so does the digit index (`call_log_grams`, detail=none: no positions): its garbage is under-counted,
 * so a backup rewrites it only when it is mostly garbage (the jobs worker merges it after large deletes).
 */
const COMPACT_BYTES_PER_TOKEN = 6;
/** Garbage worth rewriting an index for: at least this many bytes, and at least this share of the index. */
const MIN_GARBAGE_BYTES = 256 * 1024;
const MIN_GARBAGE_SHARE = 1 / 3;

/**
 * FTS5 keeps deleted rows' entries and the delete markers that cancel them inside its index blobs
 * until segments are merged, and VACUUM copies them as they are (60,000 contacts imported then
 * undone: a 10 MB contact index for 28 contacts). In the backup copy (private: nobody waits on it)
 * an index that holds much of that (fullTextGarbage) is rewritten as one segment ('optimize',
 * sqlite.org/fts5.html#the_optimize_command), and the pages that frees are dropped with a VACUUM
 * of the copy. An index that is compact already is left as VACUUM INTO copied it: rewriting it
 * saved well under 1% at 100,000 calls, and the VACUUM it made necessary was a third of the backup.
 */
function compactFullText(copy: DatabaseSync): void {
  let rewritten = false;
  for (const table of FULL_TEXT_TABLES) {
    const { bytes, garbageBytes } = fullTextGarbage(copy, table);
    if (garbageBytes >= MIN_GARBAGE_BYTES && garbageBytes >= bytes * MIN_GARBAGE_SHARE) {
      copy.prepare(`INSERT INTO ${table} (${table}) VALUES ('optimize')`).run();
      rewritten = true;
    }
  }
  if (rewritten && (copy.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count > 0) {
    copy.exec('VACUUM');
  }
}

/**
 * The size of the FTS5 index `table` of `db` (`bytes`: its `_data` blobs, read with length() so
 * large blobs are not loaded) and an estimate of the part that is deleted rows' entries and delete
 * markers (`garbageBytes`): what exceeds COMPACT_BYTES_PER_TOKEN for each token of the live rows.
 * The live tokens are FTS5's own totals, kept on every insert and delete in the index's averages
 * record (`_data` rowid 1: a varint row count, then a varint token total per column; fts5_index.c).
 * An unreadable record counts the whole index as garbage, so the index is rewritten as before.
 */
export function fullTextGarbage(db: DatabaseSync, table: string): { bytes: number; garbageBytes: number } {
  const size = db.prepare(`SELECT coalesce(sum(length(block)), 0) AS n FROM ${table}_data`).get() as { n: number };
  const averages = db.prepare(`SELECT block FROM ${table}_data WHERE id = 1`).get() as
    { block: Uint8Array | null } | undefined;
  const counts = averages?.block instanceof Uint8Array ? readVarints(averages.block) : null;
  if (counts === null || counts.length < 2) return { bytes: size.n, garbageBytes: size.n };
  const liveTokens = counts.slice(1).reduce((sum, count) => sum + count, 0);
  return { bytes: size.n, garbageBytes: Math.max(0, size.n - liveTokens * COMPACT_BYTES_PER_TOKEN) };
}

/** SQLite's varints (1-9 bytes, big-endian, 7 bits a byte, the ninth byte whole) of `blob`; null if one is cut short. */
function readVarints(blob: Uint8Array): number[] | null {
  const values: number[] = [];
  let at = 0;
  while (at < blob.length) {
    let value = 0;
    for (let length = 1; ; length++) {
      if (at >= blob.length) return null;
      const byte = blob[at++]!;
      if (length === 9) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    values.push(value);
  }
  return values;
}

/**
 * Null when the full-text tables of `db` (a writable connection: FTS5's integrity-check is an
 * INSERT that changes nothing) are sound and the contacts' search rows still sit at their
 * contacts' rowids, else what is wrong. `contacts_fts` is keyed by the contacts' implicit rowid
 * and stores `id` beside it, which makes the link checkable.
 */
export function ftsProblem(db: DatabaseSync): string | null {
  for (const table of FULL_TEXT_TABLES) {
    try {
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (error) {
      return `${table}: ${isSqliteError(error) ? error.errstr : String(error)}`;
    }
  }
  const unlinked = db
    .prepare(
      `SELECT (SELECT count(*) FROM contacts) - (SELECT count(*) FROM contacts_fts f
         JOIN contacts c ON c.rowid = f.rowid AND c.id = f.id) AS n`,
    )
    .get() as { n: number };
  return unlinked.n === 0 ? null : `${unlinked.n} contact(s) out of step with contacts_fts`;
}

/** Why `candidate` cannot be restored, for the user (catalogue key `restore.<reason>`). */
export type RefusalReason = 'missing' | 'notDatabase' | 'damaged' | 'newer' | 'foreign';

function refuse(reason: RefusalReason, message: string, params: Record<string, string | number> = {}): AppError {
  return new AppError(
    'invalid_input',
    `${message} Nothing was changed.`,
    { reason },
    {
      key: `restore.${reason}`,
      params,
    },
  );
}

/** A restore failure worded from the catalogue (`key`); `details` (English, for the logs) stay out of the words. */
function restoreError(code: ErrorCode, key: string, details?: Record<string, string>): AppError {
  return new AppError(code, englishErrorMessage(key), details, { key });
}

/**
 * Checks a file before anything is restored from it, reading it only: it exists and is an SQLite
 * database, `PRAGMA integrity_check` finds nothing, its schema version is at most this app's, and
 * it is this app's database (its tables and columns are exactly what this app's migrations make
 * at that version). Throws AppError 'invalid_input' with `key` `restore.<reason>`.
 */
export function checkBackupFile(candidate: string): { version: number } {
  if (!existsSync(candidate) || !statSync(candidate).isFile()) {
    throw refuse('missing', `There is no file at ${candidate}.`);
  }
  let db: DatabaseSync;
  try {
    db = connect(candidate, { readOnly: true });
  } catch {
    throw refuse('notDatabase', `${candidate} is not a database file.`);
  }
  try {
    let problem: string | null;
    try {
      problem = integrityProblem(db);
    } catch (error) {
      const code = sqlitePrimaryCode(error);
      if (code === SQLITE.NOTADB) throw refuse('notDatabase', `${candidate} is not a database file.`);
      throw refuse('damaged', `${candidate} is damaged (${isSqliteError(error) ? error.errstr : String(error)}).`);
    }
    if (problem !== null) throw refuse('damaged', `${candidate} is damaged (${problem}).`);
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length) {
      throw refuse('newer', `${candidate} was made by a newer version of the app (schema ${version}).`, {
        found: version,
        supported: MIGRATIONS.length,
      });
    }
    if (version < 1 || schemaShape(db) !== expectedShape(version)) {
      throw refuse('foreign', `${candidate} is not a Hoiio Click-to-Call database.`);
    }
    return { version };
  } finally {
    db.close();
  }
}

/**
 * What a backup file holds, read only, for the restore's confirmation: checkBackupFile first (its
 * refusals unchanged), then the number of calls and contacts, the newest call's time (ISO, null
 * when there is none) and the file's last change (ISO). Throws as checkBackupFile.
 */
export function describeBackupFile(candidate: string): {
  version: number;
  calls: number;
  contacts: number;
  newestCallAt: string | null;
  modifiedAt: string;
} {
  const { version } = checkBackupFile(candidate);
  const db = connect(candidate, { readOnly: true });
  try {
    const count = (table: string): number =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const newest = db.prepare('SELECT max(created_at) AS at FROM call_log').get() as { at: string | null };
    return {
      version,
      calls: count('call_log'),
      contacts: count('contacts'),
      newestCallAt: newest.at,
      modifiedAt: statSync(candidate).mtime.toISOString(),
    };
  } finally {
    db.close();
  }
}

/**
 * Restores the database at `databaseFile` (the app's, open) from the backup `candidate`:
 * 1. checkBackupFile (nothing changes when it refuses);
 * 2. a copy of the candidate in `workDir`, migrated to this app's schema and switched to
 *    incremental auto_vacuum (reclaim.ts) if it is not;
 * 3. the database as it is now copied aside (backupDatabase: compact) to
 *    `<databaseFile>.before-restore-<time>` (kept until the user deletes it);
 * 4. the migrated copy written into the database in ONE transaction (the backup's destination
 *    write), so a failure leaves the database exactly as it was;
 * 5. the result checked; if that fails the copy kept aside is written back the same way.
 */
export async function restoreDatabase(
  databaseFile: string,
  candidate: string,
  options: { workDir: string; signal?: AbortSignal; onProgress?: (step: number, steps: number) => void },
): Promise<{ calls: number; contacts: number; previousKeptAt: string }> {
  const steps = 4;
  const cancelled = () => options.signal?.aborted === true;
  const stopIfCancelled = () => {
    if (cancelled()) throw restoreError('cancelled', 'restore.cancelled');
  };
  options.onProgress?.(0, steps);
  checkBackupFile(candidate);
  stopIfCancelled();
  options.onProgress?.(1, steps);
  const staged = path.join(options.workDir, `restore-${process.pid}-${Date.now()}.db`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '-');
  const keptAt = `${databaseFile}.before-restore-${stamp}`;
  try {
    const source = connect(candidate, { readOnly: true });
    try {
      await backup(source, staged, { rate: ALL_PAGES });
    } finally {
      source.close();
    }
    // Brought to this app's schema, and to incremental auto_vacuum (reclaim.ts) when an older backup
    // is not: the restored database then gives back what later deletions free.
    const stagedDb = openDatabase(staged, { integrityCheck: 'never' });
    try {
      switchToIncrementalVacuum(stagedDb);
    } finally {
      stagedDb.close();
    }
    stopIfCancelled();
    options.onProgress?.(2, steps);
    await backupDatabase(databaseFile, keptAt, { overwrite: false });
    stopIfCancelled();
    options.onProgress?.(3, steps);
    await writeInto(staged, databaseFile);
    const check = connect(databaseFile, { readOnly: true });
    let result: { calls: number; contacts: number };
    try {
      const problem = integrityProblem(check, 'quick');
      if (problem !== null || schemaVersion(check) !== MIGRATIONS.length) {
        await writeInto(keptAt, databaseFile);
        throw restoreError('storage', 'restore.checkFailed', { problem: problem ?? 'schema' });
      }
      result = counts(check);
    } finally {
      check.close();
    }
    options.onProgress?.(steps, steps);
    return { ...result, previousKeptAt: keptAt };
  } catch (error) {
    throw error instanceof AppError ? error : toStorageError(error, 'Restoring the database');
  } finally {
    removeDatabaseFiles(staged);
  }
}

/** Writes the database file `from` into the (open) database `into`: one destination transaction. */
async function writeInto(from: string, into: string): Promise<void> {
  const source = connect(from, { readOnly: true });
  try {
    await withBusyRetries(() => backup(source, into, { rate: ALL_PAGES }));
  } finally {
    source.close();
  }
}

/** The app's writes hold the lock for a moment at a time: retry a busy backup a few times. */
async function withBusyRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = sqlitePrimaryCode(error);
      const busy = code === SQLITE.BUSY || code === SQLITE.LOCKED || /locked|busy/i.test(String(error));
      if (!busy || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    }
  }
}

/** Null when `PRAGMA integrity_check` (or quick_check) finds nothing, else its first findings. */
function integrityProblem(db: DatabaseSync, depth: 'full' | 'quick' = 'full'): string | null {
  const pragma = depth === 'full' ? 'integrity_check' : 'quick_check';
  const rows = db.prepare(`PRAGMA ${pragma}(5)`).all() as Record<string, string>[];
  const findings = rows.map((row) => String(Object.values(row)[0]));
  return findings[0] === 'ok' ? null : findings.join('; ');
}

/** The tables (not SQLite's or FTS5's internals) and their columns, as one comparable text. */
function schemaShape(db: DatabaseSync): string {
  const tables = (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE '%_fts_%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
  return tables
    .map((name) => {
      const columns = (db.prepare(`PRAGMA table_info("${name.replace(/"/g, '""')}")`).all() as { name: string }[])
        .map((column) => column.name)
        .join(',');
      return `${name}(${columns})`;
    })
    .join(' ');
}

const shapes = new Map<number, string>();

/** What this app's first `version` migrations make (built once per version in memory). */
function expectedShape(version: number): string {
  let shape = shapes.get(version);
  if (shape === undefined) {
    const db = connect(':memory:'); // with digit_grams: a step fills the digit index through it
    try {
      for (let step = 0; step < version; step++) {
        const migration = MIGRATIONS[step]!;
        if (typeof migration === 'string') db.exec(migration);
        else migration(db);
      }
      shape = schemaShape(db);
    } finally {
      db.close();
    }
    shapes.set(version, shape);
  }
  return shape;
}

function removeDatabaseFiles(file: string, suffixes = ['', '-wal', '-shm', '-journal']): void {
  for (const suffix of suffixes) rmSync(file + suffix, { force: true });
}
