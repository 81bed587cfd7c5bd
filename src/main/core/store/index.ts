import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { createCallLogRepository, type CallLogRepository } from './call-log-repository.ts';
import { createContactsRepository, type ContactsRepository } from './contacts-repository.ts';
import { startCheckpointer } from './checkpointer.ts';
import { integrityMarkerPath, needsIntegrityCheck, openDatabase, type OpenDatabaseOptions } from './database.ts';
import { SQLITE, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';

export { openDatabase } from './database.ts';
export type { CallLogRepository } from './call-log-repository.ts';
export type { ContactsRepository, ContactDraft } from './contacts-repository.ts';

export const DATABASE_FILE_NAME = 'hoiio.db';

export interface Store {
  readonly filePath: string;
  readonly db: DatabaseSync;
  readonly contacts: ContactsRepository;
  readonly callLog: CallLogRepository;
  /** Set when the previous database was damaged and this store started empty beside it. */
  readonly recoveredFrom: { readonly movedTo: string; readonly message: string } | null;
  /**
   * True when the last session stopped uncleanly and the full integrity check was deferred
   * (`deferIntegrityCheck`): the caller runs it off this thread after start-up.
   */
  readonly integrityCheckDue: boolean;
  /** Records that the deferred check found damage: the next start runs the full check (and the recovery policy). */
  markDamaged(): void;
  close(): void;
}

export interface StoreOptions extends OpenDatabaseOptions {
  readonly now?: () => Date;
  /** How often a worker thread checkpoints the WAL (ms); 0 leaves it to SQLite's automatic checkpoints. */
  readonly checkpointIntervalMs?: number;
}

const DEFAULT_CHECKPOINT_INTERVAL_MS = 2_000;

export interface CreateStoreOptions extends StoreOptions {
  readonly dataDir: string;
  /**
   * What to do when the database file is damaged (it is always moved aside first, never
   * overwritten). `start-fresh` (the app's choice): open a new empty database and report it
   * in `recoveredFrom`, because placing calls must keep working; contacts can be imported
   * again and the call history resynced from Hoiio. `refuse`: throw the AppError.
   */
  readonly onCorrupt?: 'start-fresh' | 'refuse';
  /**
   * Open after only the cheap schema check even when the full check is due (unclean stop), and
   * say so in `integrityCheckDue`: the full check reads the whole file (~3 s at 1,000,000 calls)
   * and the core runs it in the database worker once the app is usable.
   */
  readonly deferIntegrityCheck?: boolean;
}

/** Opens `<dataDir>/hoiio.db` with the app's recovery policy. */
export function createStore(options: CreateStoreOptions): Store {
  const filePath = path.join(path.resolve(options.dataDir), DATABASE_FILE_NAME);
  const deferred =
    options.deferIntegrityCheck === true &&
    (options.integrityCheck ?? 'after-crash') === 'after-crash' &&
    needsIntegrityCheck(filePath, 'after-crash');
  try {
    if (deferred) return { ...openStore(filePath, { ...options, integrityCheck: 'never' }), integrityCheckDue: true };
    return openStore(filePath, options);
  } catch (error) {
    if (options.onCorrupt === 'refuse' || !isCorruptFileError(error)) throw error;
    const details = error.details as { movedTo: string };
    return { ...openStore(filePath, options), recoveredFrom: { movedTo: details.movedTo, message: error.message } };
  }
}

/** Opens the database at `filePath` (see openDatabase for the errors) and builds the repositories over it. */
export function openStore(filePath: string, options: StoreOptions = {}): Store {
  const file = path.resolve(filePath);
  const interval = options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  const db = openDatabase(file, { ...options, autoCheckpointPages: interval > 0 ? 0 : undefined });
  const checkpointer = interval > 0 ? startCheckpointer(file, interval) : null;
  const onCorruption = (): void => writeFileSync(integrityMarkerPath(file), new Date().toISOString());
  const callLog = guardCorruption(createCallLogRepository(db, { now: options.now }), onCorruption);
  const contacts = guardCorruption(
    createContactsRepository(db, { now: options.now, onRenamed: callLog.renameContact }),
    onCorruption,
  );
  let closed = false;
  return {
    filePath: file,
    db,
    contacts,
    callLog,
    recoveredFrom: null,
    integrityCheckDue: false,
    markDamaged: onCorruption,
    close() {
      if (closed) return;
      closed = true;
      checkpointer?.stop();
      // Fold the WAL back into the main file: at rest the folder holds one self-contained file,
      // and an empty WAL at the next start means "closed cleanly" (no full integrity check needed).
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Wraps every repository method: a SQLite error becomes AppError('storage') with advice, and a
 * corruption error also leaves a marker so the next start runs the full integrity check (and
 * moves the file aside if it fails).
 */
function guardCorruption<T extends object>(repository: T, onCorruption: () => void): T {
  const guarded = Object.entries(repository).map(([name, member]) => {
    if (typeof member !== 'function') return [name, member] as const;
    const method = member as (...args: unknown[]) => unknown;
    const wrapper = (...args: unknown[]): unknown => {
      try {
        return method(...args);
      } catch (error) {
        const code = error instanceof AppError ? error.details?.sqliteCode : sqlitePrimaryCode(error);
        if (code === SQLITE.CORRUPT || code === SQLITE.NOTADB) onCorruption();
        throw error instanceof AppError ? error : toStorageError(error, 'Reading the local database');
      }
    };
    return [name, wrapper] as const;
  });
  return Object.fromEntries(guarded) as T;
}

function isCorruptFileError(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'storage' && error.details?.reason === 'corrupt';
}
