import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { createCallLogRepository, type CallLogRepository } from './call-log-repository.ts';
import { createContactsRepository, type ContactsRepository } from './contacts-repository.ts';
import { startCheckpointer } from './checkpointer.ts';
import {
  integrityMarkerPath,
  moveAside,
  needsIntegrityCheck,
  openDatabase,
  upgradePending,
  incrementalVacuumPending,
  type OpenDatabaseOptions,
} from './database.ts';
import type { UpgradeProgress } from '../workers/protocol.ts';
import { upgradeInWorker } from '../workers/upgrade-client.ts';
import { copyChangesSinceStart, putInPlace, stopTrackingChanges, trackChangesSinceStart } from './recovery.ts';
import { SQLITE, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';
import { finishNow, finishYielding, type Sliced } from '../start-steps.ts';
import { checkWritable } from './writable.ts';

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
  /** Records that the file is damaged: the next start runs the full check (and the recovery policy). */
  markDamaged(): void;
  /** Starts recording which rows this session writes (temp triggers), for replaceWithRecovered. */
  trackChanges(): void;
  stopTrackingChanges(): void;
  /**
   * Recovery's final short step: copies the rows written this session over `recoveredFile` (a
   * copy of every readable row, see recovery.ts), moves the damaged file aside (kept, never
   * overwritten), puts the recovered one in its place and reopens. The repositories stay usable.
   */
  replaceWithRecovered(recoveredFile: string): { movedTo: string; carried: { calls: number; contacts: number } };
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

/**
 * Throws AppError('storage', reason 'not_writable') naming `dataDir` and what to do when the app
 * may not write it or its database files (see checkWritable); the core calls it before anything
 * else touches the folder (logs, settings, the database).
 */
export function checkDataFolderWritable(dataDir: string): void {
  const file = path.join(path.resolve(dataDir), DATABASE_FILE_NAME);
  checkWritable(dataDir, [file, `${file}-wal`, `${file}-shm`]);
}

/** Opens `<dataDir>/hoiio.db` with the app's recovery policy. */
export function createStore(options: CreateStoreOptions): Store {
  return finishNow(creatingStore(options));
}

/** createStore in slices (start-steps.ts): opening, the repositories, the checkpointer, change tracking. */
function* creatingStore(options: CreateStoreOptions): Sliced<Store> {
  const filePath = path.join(path.resolve(options.dataDir), DATABASE_FILE_NAME);
  const deferred =
    options.deferIntegrityCheck === true &&
    (options.integrityCheck ?? 'after-crash') === 'after-crash' &&
    needsIntegrityCheck(filePath, 'after-crash');
  try {
    if (deferred) {
      const store = yield* openingStore(filePath, { ...options, integrityCheck: 'never' });
      yield;
      store.trackChanges();
      return Object.defineProperty(store, 'integrityCheckDue', { value: true });
    }
    return yield* openingStore(filePath, options);
  } catch (error) {
    if (options.onCorrupt === 'refuse' || !isCorruptFileError(error)) throw error;
    return startFresh(filePath, options, error);
  }
}

/** A new empty database where a damaged one was moved aside (`error`, reason 'corrupt'), saying so in recoveredFrom. */
function startFresh(filePath: string, options: CreateStoreOptions, error: AppError): Store {
  const details = error.details as { movedTo: string };
  const recoveredFrom = { movedTo: details.movedTo, message: error.message };
  return Object.defineProperty(openStore(filePath, options), 'recoveredFrom', { value: recoveredFrom });
}

export interface OpenAppStoreOptions extends Omit<CreateStoreOptions, 'migrations'> {
  /** Told how the upgrade of a database from an older version goes (only when there is one). */
  readonly onUpgradeProgress?: ((progress: UpgradeProgress) => void) | undefined;
  /** The app's log (core/logging.ts): told when the one-time switch to incremental auto_vacuum failed. */
  readonly logger?: Pick<Console, 'warn'> | undefined;
}

/**
 * createStore for the app: a database from an older version is first upgraded in a worker thread
 * (workers/upgrade.worker.ts), with the integrity check first when the last session stopped
 * uncleanly, so the calling thread, which answers IPC, never runs a migration. Then the main
 * connection opens on the current schema (createStore), in slices with the event loop served
 * between them (a few ms each: opening, preparing the repositories, starting the checkpointer,
 * tracking changes). Errors: those of createStore and upgradeInWorker (a failed upgrade changed
 * nothing); a damaged file follows `onCorrupt`.
 */
export async function openAppStore(options: OpenAppStoreOptions): Promise<Store> {
  const filePath = path.join(path.resolve(options.dataDir), DATABASE_FILE_NAME);
  if (upgradePending(filePath) || incrementalVacuumPending(filePath)) {
    const integrityCheck = needsIntegrityCheck(filePath, options.integrityCheck);
    try {
      const { compactError } = await upgradeInWorker({
        databaseFile: filePath,
        integrityCheck,
        onProgress: options.onUpgradeProgress,
      });
      if (compactError !== undefined) {
        options.logger?.warn(
          `[store] switching ${filePath} to incremental auto_vacuum failed (${compactError}): the database is as it was ` +
            'and opens normally; space that deletions free is reused but not given back to the disk until the switch ' +
            'succeeds (tried again at the next start; it needs free disk space about the size of the database)',
        );
      }
    } catch (error) {
      if (options.onCorrupt === 'refuse' || !isCorruptFileError(error)) throw error;
      return startFresh(filePath, options, error);
    }
  }
  return finishYielding(creatingStore(options));
}

/** Opens the database at `filePath` (see openDatabase for the errors) and builds the repositories over it. */
export function openStore(filePath: string, options: StoreOptions = {}): Store {
  return finishNow(openingStore(filePath, options));
}

/** openStore in slices: the connection, the repositories, the checkpointer thread. */
function* openingStore(filePath: string, options: StoreOptions): Sliced<Store> {
  const file = path.resolve(filePath);
  const interval = options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  const onCorruption = (): void => writeFileSync(integrityMarkerPath(file), new Date().toISOString());
  function* connecting(openOptions: StoreOptions) {
    const db = openDatabase(file, { ...openOptions, autoCheckpointPages: interval > 0 ? 0 : undefined });
    yield;
    try {
      const callLog = createCallLogRepository(db, { now: options.now });
      const contacts = createContactsRepository(db, { now: options.now, onRenamed: callLog.renameContact });
      yield;
      return { db, callLog, contacts, checkpointer: interval > 0 ? startCheckpointer(file, interval, db) : null };
    } catch (error) {
      db.close();
      throw error;
    }
  }
  let current = yield* connecting(options);
  // The repositories the app holds stay the same objects when recovery swaps the file beneath them.
  const callLog = guardCorruption(() => current.callLog, onCorruption);
  const contacts = guardCorruption(() => current.contacts, onCorruption);
  let closed = false;
  const closeConnection = (checkpoint: boolean): void => {
    current.checkpointer?.stop();
    // Fold the WAL back into the main file: at rest the folder holds one self-contained file,
    // and an empty WAL at the next start means "closed cleanly" (no full integrity check needed).
    try {
      if (checkpoint) current.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      current.db.close();
    }
  };
  return {
    filePath: file,
    get db() {
      return current.db;
    },
    contacts,
    callLog,
    recoveredFrom: null,
    integrityCheckDue: false,
    markDamaged: onCorruption,
    trackChanges: () => trackChangesSinceStart(current.db),
    stopTrackingChanges: () => stopTrackingChanges(current.db),
    replaceWithRecovered(recoveredFile) {
      // Synchronous from here to the end: no write can run in between (writes are paused).
      const carried = copyChangesSinceStart(current.db, recoveredFile);
      try {
        closeConnection(false);
      } catch {
        // the damaged file may fail its last checkpoint: it is kept aside as it is
      }
      const movedTo = moveAside(file);
      putInPlace(recoveredFile, file);
      current = finishNow(connecting({ ...options, integrityCheck: 'never' }));
      return { movedTo, carried };
    },
    close() {
      if (closed) return;
      closed = true;
      closeConnection(true);
    },
  };
}

/**
 * Wraps every repository method: a SQLite error becomes AppError('storage') with advice, and a
 * corruption error also leaves a marker so the next start runs the full integrity check (and
 * moves the file aside if it fails).
 */
function guardCorruption<T extends object>(repository: () => T, onCorruption: () => void): T {
  const guarded = Object.entries(repository()).map(([name, member]) => {
    if (typeof member !== 'function') return [name, member] as const;
    const wrapper = (...args: unknown[]): unknown => {
      try {
        const method = (repository() as Record<string, (...args: unknown[]) => unknown>)[name]!;
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
