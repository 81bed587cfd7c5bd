import { randomUUID } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

export type WriteChunk = (text: string) => Promise<void>;

/**
 * Writes `target` through a temporary file in the same folder, renamed into place only when
 * complete (and synced): a cancelled or failed export leaves no half-written file, and an
 * existing file is replaced only by a whole new one.
 */
export async function writeFileAtomically<T>(target: string, produce: (write: WriteChunk) => Promise<T>): Promise<T> {
  await checkTargetFolder(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  const handle = await open(temporary, 'wx');
  let closed = false;
  try {
    const result = await produce(async (text) => {
      await handle.write(text);
    });
    await handle.sync();
    await handle.close();
    closed = true;
    await rename(temporary, target);
    return result;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    if (error instanceof AppError) throw error;
    throw new AppError(
      'storage',
      `Could not write ${target}: ${(error as Error).message}. Choose another place to save.`,
    );
  }
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
