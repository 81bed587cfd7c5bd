import { AppError } from '../../../shared/errors.ts';

/** What node:sqlite attaches to the errors it throws. */
interface SqliteError extends Error {
  code: 'ERR_SQLITE_ERROR';
  errcode: number;
  errstr: string;
}

export function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && (error as Partial<SqliteError>).code === 'ERR_SQLITE_ERROR';
}

/** SQLite primary result codes we react to (extended codes carry them in the low byte). */
export const SQLITE = {
  BUSY: 5,
  LOCKED: 6,
  READONLY: 8,
  IOERR: 10,
  CORRUPT: 11,
  FULL: 13,
  CANTOPEN: 14,
  CONSTRAINT: 19,
  NOTADB: 26,
} as const;

export function sqlitePrimaryCode(error: unknown): number | undefined {
  return isSqliteError(error) ? error.errcode & 0xff : undefined;
}

export function isCorruptionError(error: unknown): boolean {
  const code = sqlitePrimaryCode(error);
  return code === SQLITE.CORRUPT || code === SQLITE.NOTADB;
}

/** Turns a SQLite failure into a message that says what to do; AppErrors pass through. */
export function toStorageError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const code = sqlitePrimaryCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const advice: Record<number, string> = {
    [SQLITE.FULL]: 'The disk is full: free some space and try again.',
    [SQLITE.BUSY]: 'The database is in use by another copy of the app: close it and try again.',
    [SQLITE.LOCKED]: 'The database is in use by another copy of the app: close it and try again.',
    [SQLITE.READONLY]: 'The database file is read-only: check the permissions of the data folder.',
    [SQLITE.IOERR]: 'The disk reported an error: check the drive and try again.',
    [SQLITE.CANTOPEN]: 'The database file cannot be opened: check the data folder exists and is writable.',
    [SQLITE.CORRUPT]: 'The database file is damaged: restart the app to recover it.',
    [SQLITE.NOTADB]: 'The database file is damaged: restart the app to recover it.',
  };
  const hint = code === undefined ? undefined : advice[code];
  return new AppError('storage', `${action} failed. ${hint ?? 'The local database reported an error.'}`, {
    sqlite: detail,
    ...(code === undefined ? {} : { sqliteCode: code }),
  });
}
