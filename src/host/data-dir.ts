/**
 * Checks and creates the browser host's `--data-dir` before the core touches it (issue 10,
 * fault 7). Node's recursive `mkdirSync` can loop forever, synchronously (so no signal is
 * handled), on some paths such as `/proc/1/forbidden`; here each missing level is created on its
 * own, every failure becomes one sentence naming the path and the reason, and a probe file proves
 * the folder is writable.
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A `--data-dir` that cannot be used; `message` names the path and what is wrong. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  ENOENT: 'a part of the path does not exist and cannot be created',
  EEXIST: 'a file with that name exists',
  EINVAL: 'the path is not valid here',
};

/**
 * Makes `dir` an existing, writable folder and returns its absolute path; throws DataDirError
 * (never loops, whatever the path). Creates missing parent folders one level at a time.
 */
export function prepareDataDir(dir: string): string {
  if (dir.includes('\0')) throw new DataDirError(`--data-dir contains a NUL character`);
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    const info = statOrCode(existing);
    if (typeof info !== 'string') {
      if (!info.isDirectory()) throw failure(existing, 'ENOTDIR');
      break;
    }
    if (info !== 'ENOENT') throw failure(existing, info);
    const parent = path.dirname(existing);
    if (parent === existing) throw failure(absolute, 'ENOENT');
    missing.unshift(existing);
    existing = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw failure(folder, codeOf(error));
    }
  }
  const probe = path.join(absolute, `.write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe);
  } catch (error) {
    throw failure(absolute, codeOf(error));
  }
  return absolute;
}

function statOrCode(target: string): Stats | string {
  try {
    return statSync(target);
  } catch (error) {
    return codeOf(error);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
}

function failure(target: string, code: string): DataDirError {
  return new DataDirError(
    `--data-dir ${target} cannot be used: ${REASONS[code] ?? code} (${code}). ` +
      'Choose a folder this user can write with --data-dir, or fix that one; nothing was changed.',
  );
}
