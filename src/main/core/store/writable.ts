import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/** Why a path cannot be written, in plain words, and what the user can do about it. */
const CAUSES: Record<string, { why: string; fix: string }> = {
  EACCES: {
    why: 'this user has no permission to write there',
    fix: 'Give your user account write permission on that folder and the files in it (or choose another data folder)',
  },
  EPERM: {
    why: 'the system does not allow this user to write there',
    fix: 'Give your user account write permission on that folder and the files in it (or choose another data folder)',
  },
  EROFS: {
    why: 'it is on a read-only disk',
    fix: 'Make that disk writable, or move the data folder to a writable disk',
  },
};

/**
 * Checks, before anything is written, that the app can write its data folder `dir` and the
 * existing files among `files` (absolute paths: the database and its -wal/-shm). A folder not
 * made yet is checked through its nearest existing parent. Throws AppError('storage',
 * details.reason 'not_writable', details.folder/path/errno) with a message naming the folder and
 * saying what to do; nothing is created or changed. Holds for root too (access(2) reports
 * EROFS to root; a root-owned 0755 folder is refused to other users).
 */
export function checkWritable(dir: string, files: readonly string[] = []): void {
  const folder = path.resolve(dir);
  let existing = folder;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  for (const target of [existing, ...files.filter((file) => existsSync(file))]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      throw notWritable(folder, target, (error as NodeJS.ErrnoException).code ?? 'EACCES');
    }
  }
}

function notWritable(folder: string, target: string, errno: string): AppError {
  const cause = CAUSES[errno] ?? { why: `the system refused (${errno})`, fix: 'Check the folder and the disk' };
  const what =
    target === folder
      ? 'The app cannot write to its data folder'
      : `The app cannot write to ${target} in its data folder`;
  return new AppError(
    'storage',
    `${what} ${folder}: ${cause.why} (${errno}). The app keeps its contacts, call history and settings there. ` +
      `${cause.fix}, then start the app again. Nothing was changed.`,
    { reason: 'not_writable', folder, path: target, errno },
  );
}
