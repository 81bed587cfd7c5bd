import { existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
import { isCorruptionError, toStorageError } from './sqlite-errors.ts';
import { inTransaction } from './transaction.ts';

export interface OpenDatabaseOptions {
  /**
   * `normal` (default): in WAL mode a commit is durable once SQLite has written it to the WAL,
   * which survives a killed process (the OS still holds the data); only a power cut or OS
   * crash can lose the last commits, and never corrupts. `full` also fsyncs every commit.
   */
  readonly synchronous?: 'normal' | 'full';
  /** How long a write waits for another connection's lock before failing (ms). */
  readonly busyTimeoutMs?: number;
  /** Steps to apply (tests use a prefix to build an older schema). */
  readonly migrations?: readonly string[];
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (creating if missing) the database at `filePath`, checks it, and migrates it to the
 * current schema.
 * - A file from a newer app version: AppError('storage', details.reason 'newer_schema');
 *   the file is only ever opened read-only, so it is left exactly as it was.
 * - A damaged file (not SQLite, or failing `PRAGMA quick_check`): moved aside to
 *   `<name>.corrupt-<timestamp>` (with its -wal/-shm) and AppError('storage', details.reason
 *   'corrupt', details.movedTo). Never overwritten; what to do next is the caller's policy.
 */
export function openDatabase(filePath: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  const file = path.resolve(filePath);
  mkdirSync(path.dirname(file), { recursive: true });
  const migrations = options.migrations ?? MIGRATIONS;
  if (existsSync(file)) checkExistingFile(file, migrations.length);

  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5_000, enableForeignKeyConstraints: true });
  } catch (error) {
    throw toStorageError(error, `Opening the database ${file}`);
  }
  try {
    configure(db, options);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw toStorageError(error, `Preparing the database ${file}`);
  }
}

function configure(db: DatabaseSync, options: OpenDatabaseOptions): void {
  const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string } | undefined;
  if (mode?.journal_mode !== 'wal') {
    throw new AppError('storage', 'The database could not switch to WAL mode: check the data folder is writable.');
  }
  db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec('PRAGMA foreign_keys = ON');
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

/** Applies the missing steps, one transaction each (the version bump is part of it). */
export function migrate(db: DatabaseSync, migrations: readonly string[] = MIGRATIONS): void {
  for (let version = schemaVersion(db); version < migrations.length; version++) {
    inTransaction(db, () => {
      db.exec(migrations[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}

/** Read-only checks before anything may write to an existing file. */
function checkExistingFile(file: string, supportedVersion: number): void {
  if (statSync(file).size === 0) return; // SQLite treats an empty file as an empty database.
  if (!hasSqliteHeader(file)) throw corruptFile(file, 'it is not a SQLite database');

  let reader: DatabaseSync | undefined;
  try {
    reader = new DatabaseSync(file, { readOnly: true });
    const version = schemaVersion(reader);
    if (version > supportedVersion) throw newerSchema(file, version, supportedVersion);
    const problems = reader.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[];
    if (problems[0]?.quick_check !== 'ok') {
      reader.close();
      reader = undefined;
      throw corruptFile(file, problems.map((row) => row.quick_check).join('; '));
    }
  } catch (error) {
    reader?.close();
    reader = undefined;
    if (error instanceof AppError) throw error;
    if (isCorruptionError(error)) throw corruptFile(file, (error as Error).message);
    throw toStorageError(error, `Opening the database ${file}`);
  } finally {
    reader?.close();
  }
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

function newerSchema(file: string, found: number, supported: number): AppError {
  return new AppError(
    'storage',
    `The database ${file} was written by a newer version of Hoiio Click-to-Call (schema ${found}; ` +
      `this version understands up to ${supported}). Install the latest version of the app. The file was not changed.`,
    { reason: 'newer_schema', file, found, supported },
  );
}

function corruptFile(file: string, problem: string): AppError {
  const movedTo = moveAside(file);
  return new AppError(
    'storage',
    `The database ${file} is damaged (${problem}). It was moved to ${movedTo} and kept unchanged, ` +
      'so it can be recovered with SQLite tools; contacts can be imported again and call history resynced from Hoiio.',
    { reason: 'corrupt', file, movedTo, problem },
  );
}

/** Renames the file and its WAL/SHM companions to `<file>.corrupt-<timestamp>[-n]`, never replacing anything. */
export function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let attempt = 2; [target, `${target}-wal`, `${target}-shm`].some((name) => existsSync(name)); attempt++) {
    if (attempt > 1_000) throw new AppError('storage', `Could not find a free name to keep the damaged ${file} aside.`);
    target = `${file}.corrupt-${stamp}-${attempt}`;
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  renameSync(file, target);
  return target;
}
