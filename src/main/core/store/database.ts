import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type DatabaseSyncOptions } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { MIGRATIONS, type MigrationStep } from './migrations.ts';
import { isCorruptionError, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';
import { inTransaction } from './transaction.ts';
import { checkWritable } from './writable.ts';
import { registerDigitGrams } from './digit-grams.ts';
import { registerFoldText } from './search-text.ts';

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
  readonly migrations?: readonly MigrationStep[];
  /**
   * When to run `PRAGMA quick_check` (it reads the whole file: ~0.4 s at 100,000 calls).
   * `after-crash` (default): when the last session did not close cleanly (a WAL file with
   * frames is left) or a corruption error was seen (marker file); `always`; `never`.
   */
  readonly integrityCheck?: 'after-crash' | 'always' | 'never';
  /** 0 keeps SQLite's automatic checkpoints (in the committing call); otherwise the caller checkpoints. */
  readonly autoCheckpointPages?: number;
  /** Told as an upgrade goes: each step as it starts, and rows as a step that walks rows goes (see migrate). */
  readonly onMigrationProgress?: ((progress: MigrationProgress) => void) | undefined;
}

/**
 * Where an upgrade is: `step` (1-based) of the `steps` it applies; `rowsDone` of `rowsTotal` within
 * that step when the step walks rows and says so, else both null (one SQL statement cannot say).
 */
export interface MigrationProgress {
  readonly step: number;
  readonly steps: number;
  readonly rowsDone: number | null;
  readonly rowsTotal: number | null;
}

/** `PRAGMA journal_size_limit` of every connection, bytes. */
export const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/** Written when a corruption error is seen at run time, so the next start checks the whole file. */
export function integrityMarkerPath(file: string): string {
  return `${path.resolve(file)}.needs-check`;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A node:sqlite connection to `file` (a path, or ':memory:') with the app's SQL functions
 * registered (digit_grams: the digit index's triggers call it, and SQLite resolves a trigger's
 * functions when any statement that could fire it is prepared, even on a read-only connection;
 * fold_text: searches that test each call's texts).
 * Every connection the app opens to its database is made here. Throws what DatabaseSync throws.
 */
export function connect(file: string, options: DatabaseSyncOptions = {}): DatabaseSync {
  const db = new DatabaseSync(file, options);
  registerDigitGrams(db);
  registerFoldText(db);
  return db;
}

/**
 * Opens (creating if missing) the database at `filePath`, checks it, and migrates it to the
 * current schema.
 * - A file from a newer app version: AppError('storage', details.reason 'newer_schema');
 *   the file is only ever opened read-only, so it is left exactly as it was.
 * - A folder or file it may not write (permission, read-only disk): AppError('storage',
 *   details.reason 'not_writable'), see checkWritable; nothing is created or changed.
 * - A damaged file (not SQLite, or failing `PRAGMA quick_check`): moved aside to
 *   `<name>.corrupt-<timestamp>` (with its -wal/-shm) and AppError('storage', details.reason
 *   'corrupt', details.movedTo). Never overwritten; what to do next is the caller's policy.
 */
export function openDatabase(filePath: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  const file = path.resolve(filePath);
  // A folder or file the app may not write is refused up front, in words, before SQLite opens
  // the file read-only behind our back or half-creates its -wal/-shm.
  checkWritable(path.dirname(file), [file, `${file}-wal`, `${file}-shm`]);
  mkdirSync(path.dirname(file), { recursive: true });
  const migrations = options.migrations ?? MIGRATIONS;
  if (existsSync(file)) checkExistingFile(file, migrations.length, needsIntegrityCheck(file, options.integrityCheck));

  let db: DatabaseSync;
  try {
    db = connect(file, { timeout: options.busyTimeoutMs ?? 5_000, enableForeignKeyConstraints: true });
  } catch (error) {
    throw toStorageError(error, `Opening the database ${file}`);
  }
  try {
    // A new file is made with incremental auto_vacuum (store/reclaim.ts says why): free for a
    // file with no table yet; an existing file is switched once by the upgrade worker.
    if ((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count === 0) {
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    }
    configure(db, options);
    const version = schemaVersion(db); // the header may be stale while the WAL holds newer commits
    if (version > migrations.length) throw newerSchema(file, version, migrations.length);
    migrate(db, migrations, options.onMigrationProgress);
    rmSync(integrityMarkerPath(file), { force: true }); // checked (or new): the marker has done its job
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
  // When a commit rewinds the WAL, cut the file back to this size (bytes) instead of keeping
  // its largest size forever (SQLite's default, -1). See checkpointer.ts for the rewind.
  db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  if (options.autoCheckpointPages !== undefined) db.exec(`PRAGMA wal_autocheckpoint = ${options.autoCheckpointPages}`);
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  return row.user_version;
}

/**
 * Applies the missing steps and the version bump in ONE transaction: all or nothing, so a step
 * that fails (a bug, a full disk) or a crash mid-upgrade leaves the database exactly as it was,
 * still readable by the version that wrote it. Throws AppError('storage', reason
 * 'upgrade_failed') saying so and what to do; `onProgress` hears each step and a step's rows.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly MigrationStep[] = MIGRATIONS,
  onProgress?: (progress: MigrationProgress) => void,
): void {
  const from = schemaVersion(db);
  if (from >= migrations.length) return;
  const steps = migrations.length - from;
  try {
    inTransaction(db, () => {
      for (let version = from; version < migrations.length; version++) {
        const step = migrations[version]!;
        const at = version - from + 1;
        onProgress?.({ step: at, steps, rowsDone: null, rowsTotal: null });
        if (typeof step === 'string') db.exec(step);
        else step(db, (rowsDone, rowsTotal) => onProgress?.({ step: at, steps, rowsDone, rowsTotal }));
      }
      db.exec(`PRAGMA user_version = ${migrations.length}`);
    });
  } catch (error) {
    throw upgradeFailed(db.location() ?? 'the database', from, migrations.length, error);
  }
}

/**
 * True when `file` exists and its header says an older schema than `migrations` make: opening it
 * will upgrade it (the header may lag a WAL that holds a newer version: then the upgrade finds
 * nothing to do). Reads 100 bytes; false for a new, newer, empty or unreadable file (openDatabase
 * deals with those).
 */
export function upgradePending(file: string, migrations: readonly MigrationStep[] = MIGRATIONS): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const header = readHeader(file);
  return header !== null && header.userVersion < migrations.length;
}

/**
 * True when `file` is a SQLite database whose header says it is not in incremental auto_vacuum
 * mode (one made before this version, or restored from an old backup): the upgrade worker
 * switches it once (store/reclaim.ts switchToIncrementalVacuum). Reads 100 bytes; false for a
 * missing, empty or non-SQLite file. The header may lag the WAL: then the worker finds it done.
 */
export function incrementalVacuumPending(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const header = readHeader(file);
  return header !== null && !header.incrementalVacuum;
}

/** The schema version in `file`'s header (100 bytes read), or null when it is not a SQLite file. */
export function headerSchemaVersion(file: string): number | null {
  return readHeader(file)?.userVersion ?? null;
}

function upgradeFailed(file: string, from: number, to: number, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'storage',
    `Updating the call history and contacts in ${file} for this version of the app failed (${reason}). ` +
      'Nothing was changed: the file is exactly as the previous version left it. Make sure the disk has free ' +
      'space (an update needs about as much again as the file) and start the app again; if it fails again, ' +
      'the previous version of the app still opens the file, and the log in the data folder says more.',
    { reason: 'upgrade_failed', file, from, to, cause: reason, sqliteCode: sqlitePrimaryCode(cause) },
  );
}

/**
 * Checks before anything may write to an existing file: the header (magic bytes, schema
 * version) is read directly, so a newer app's file is refused without even opening it; then a
 * read-only connection runs `PRAGMA quick_check`.
 */
export function needsIntegrityCheck(
  file: string,
  policy: OpenDatabaseOptions['integrityCheck'] = 'after-crash',
): boolean {
  if (policy !== 'after-crash') return policy === 'always';
  const wal = `${file}-wal`;
  return existsSync(integrityMarkerPath(file)) || (existsSync(wal) && statSync(wal).size > 0);
}

function checkExistingFile(file: string, supportedVersion: number, fullCheck: boolean): void {
  if (statSync(file).size === 0) return; // SQLite treats an empty file as an empty database.
  const header = readHeader(file);
  if (!header) throw corruptFile(file, 'it is not a SQLite database');
  if (header.userVersion > supportedVersion) throw newerSchema(file, header.userVersion, supportedVersion);

  let problem: string | null;
  try {
    problem = fullCheck ? quickCheck(file) : schemaCheck(file);
  } catch (error) {
    if (isCorruptionError(error)) throw corruptFile(file, (error as Error).message);
    throw toStorageError(error, `Opening the database ${file}`);
  }
  if (problem !== null) throw corruptFile(file, problem);
}

/** Null when the database is sound, else SQLite's first findings. */
function quickCheck(file: string): string | null {
  const reader = connect(file, { readOnly: true });
  try {
    const rows = reader.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[];
    return rows[0]?.quick_check === 'ok' ? null : rows.map((row) => row.quick_check).join('; ');
  } finally {
    reader.close();
  }
}

/** The cheap check for a cleanly closed file: the schema parses and every table's first page reads. */
function schemaCheck(file: string): string | null {
  const reader = connect(file, { readOnly: true });
  try {
    const tables = reader
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
      .all() as {
      name: string;
    }[];
    for (const { name } of tables) reader.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" LIMIT 1`).all();
    return null;
  } finally {
    reader.close();
  }
}

/** The 100-byte SQLite header: magic string, and `user_version` (our schema version) at offset 60. */
function readHeader(file: string): { userVersion: number; incrementalVacuum: boolean } | null {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, header.length, 0) < header.length) return null;
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) return null;
  // Bytes 52 (largest root b-tree page: 0 unless auto_vacuum) and 64 (incremental-vacuum flag).
  return {
    userVersion: header.readUInt32BE(60),
    incrementalVacuum: header.readUInt32BE(52) !== 0 && header.readUInt32BE(64) !== 0,
  };
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
  rmSync(integrityMarkerPath(file), { force: true });
  return target;
}
