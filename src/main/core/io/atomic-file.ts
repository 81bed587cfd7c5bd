import { randomUUID } from 'node:crypto';
import { link, lstat, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { fileSystemError } from './file-errors.ts';

export type WriteChunk = (text: string) => Promise<void>;

export interface AtomicWriteOptions {
  /** Replace an existing `target`; otherwise the write fails with 'conflict' and the file is kept. Default false. */
  readonly overwrite?: boolean | undefined;
}

/**
 * Writes `target` through a temporary file in the same folder, moved into place only when
 * complete (and synced): a cancelled or failed export leaves no half-written file, and an
 * existing file is replaced only by a whole new one, and only with `overwrite`.
 */
export async function writeFileAtomically<T>(
  target: string,
  produce: (write: WriteChunk) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  await checkTargetFolder(target);
  if (!options.overwrite && (await lstat(target).catch(() => null))) throw fileExists(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  const handle = await open(temporary, 'wx').catch((error: unknown) => {
    throw writeFailure(error, target);
  });
  let closed = false;
  try {
    const result = await produce(async (text) => {
      await handle.write(text);
    });
    await handle.sync();
    await handle.close();
    closed = true;
    if (options.overwrite) await rename(temporary, target);
    else await commitWithoutReplacing(temporary, target);
    return result;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw writeFailure(error, target);
  }
}

/**
 * A failed save in plain words with what to do (file-errors.ts: disk full, no permission for that
 * folder, read-only disk, file in use…), never the errno text; the errno stays in `details`.
 */
function writeFailure(error: unknown, target: string): AppError {
  if (error instanceof AppError) return error;
  return fileSystemError(error, target, 'write');
}

/**
 * Moves the finished temporary file to `target` unless a file appeared there meanwhile: a hard
 * link fails atomically when the name exists. File systems without hard links (FAT, some network
 * shares) fall back to check-then-rename.
 */
async function commitWithoutReplacing(temporary: string, target: string): Promise<void> {
  try {
    await link(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(target);
    if (await lstat(target).catch(() => null)) throw fileExists(target);
    await rename(temporary, target);
    return;
  }
  await unlink(temporary).catch(() => undefined);
}

/** The AppError for a write onto an existing file the caller did not agree to replace. */
export function fileExists(target: string): AppError {
  return new AppError(
    'conflict',
    `A file named ${path.basename(target)} already exists in ${path.dirname(target)}. ` +
      'Choose another name or confirm replacing it.',
    { path: target },
  );
}

async function checkTargetFolder(target: string): Promise<void> {
  if (!path.isAbsolute(target)) throw new AppError('invalid_input', `The export path must be absolute: ${target}`);
  const folder = path.dirname(target);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory())
    throw new AppError('invalid_input', `The folder ${folder} does not exist: choose another place to save.`);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('invalid_input', `${target} is a folder: choose a file name.`);
}
