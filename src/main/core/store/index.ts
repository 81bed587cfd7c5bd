import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { createCallLogRepository, type CallLogRepository } from './call-log-repository.ts';
import { createContactsRepository, type ContactsRepository } from './contacts-repository.ts';
import { openDatabase, type OpenDatabaseOptions } from './database.ts';

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
  close(): void;
}

export interface StoreOptions extends OpenDatabaseOptions {
  readonly now?: () => Date;
}

export interface CreateStoreOptions extends StoreOptions {
  readonly dataDir: string;
  /**
   * What to do when the database file is damaged (it is always moved aside first, never
   * overwritten). `start-fresh` (the app's choice): open a new empty database and report it
   * in `recoveredFrom`, because placing calls must keep working; contacts can be imported
   * again and the call history resynced from Hoiio. `refuse`: throw the AppError.
   */
  readonly onCorrupt?: 'start-fresh' | 'refuse';
}

/** Opens `<dataDir>/hoiio.db` with the app's recovery policy. */
export function createStore(options: CreateStoreOptions): Store {
  const filePath = path.join(path.resolve(options.dataDir), DATABASE_FILE_NAME);
  try {
    return openStore(filePath, options);
  } catch (error) {
    if (options.onCorrupt === 'refuse' || !isCorruptFileError(error)) throw error;
    const details = error.details as { movedTo: string };
    return { ...openStore(filePath, options), recoveredFrom: { movedTo: details.movedTo, message: error.message } };
  }
}

/** Opens the database at `filePath` (see openDatabase for the errors) and builds the repositories over it. */
export function openStore(filePath: string, options: StoreOptions = {}): Store {
  const db = openDatabase(filePath, options);
  const callLog = createCallLogRepository(db, { now: options.now });
  const contacts = createContactsRepository(db, { now: options.now, onRenamed: callLog.renameContact });
  let closed = false;
  return {
    filePath: path.resolve(filePath),
    db,
    contacts,
    callLog,
    recoveredFrom: null,
    close() {
      if (closed) return;
      closed = true;
      // Fold the WAL back into the main file so the folder holds one self-contained file at rest.
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}

function isCorruptFileError(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'storage' && error.details?.reason === 'corrupt';
}
