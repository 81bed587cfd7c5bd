/**
 * Storage faults from the file system (settings file, exports), worded the way the database layer
 * words SQLite's (store/sqlite-errors.ts): what happened and what to do, code `storage`. Nothing
 * here is sticky: the next write tries the disk again, so freeing space or fixing permissions
 * takes effect without a restart.
 */
import { AppError } from '../../shared/errors.ts';

/** errno codes (Node's `error.code`) for a full disk, a read-only disk and a refused permission. */
const ADVICE: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space and try again.',
  EDQUOT: 'The disk is full: free some space and try again.',
  EROFS: 'The disk is read-only: check the drive or choose another data folder.',
  EACCES: 'The app has no permission to write there: check the permissions of the data folder.',
  EPERM: 'The app has no permission to write there: check the permissions of the data folder.',
  EIO: 'The disk reported an error: check the drive and try again.',
};

/** True for an error whose errno code this module words (a storage fault, not a bug). */
export function isFileStorageFault(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in ADVICE;
}

/**
 * `AppError('storage', '<action> failed. <advice>', { errno })` for a file-system error;
 * AppErrors pass through. `action` is a sentence subject, e.g. "Saving the settings".
 */
export function toFileStorageError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const advice = (typeof code === 'string' ? ADVICE[code] : undefined) ?? 'The disk reported an error.';
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('storage', `${action} failed. ${advice}`, { errno: code ?? null, detail });
}
