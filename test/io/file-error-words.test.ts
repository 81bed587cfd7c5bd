/**
 * Export and import failures in plain words with what to do, in both locales' catalogue: never the
 * errno text ("EACCES: permission denied, open …"). The errno stays in `details` for the logs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/main/core/io/atomic-file.ts';
import { fileSystemError } from '../../src/main/core/io/file-errors.ts';
import { AppError } from '../../src/shared/errors.ts';
import { tempDir } from './support.ts';

const errno = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), { code });

describe('file errors in plain words', () => {
  it.each([
    ['ENOSPC', 'file.diskFull', 'The disk is full. Free some space, then try again.'],
    ['EACCES', 'file.writeDenied', 'The app has no permission to save in /home/me/locked. Choose another folder'],
    ['EPERM', 'file.writeDenied', 'The app has no permission to save in /home/me/locked.'],
    ['EROFS', 'file.readOnlyDisk', '/home/me/locked is on a read-only disk.'],
    ['EBUSY', 'file.inUse', '/home/me/locked/calls.csv is in use by another program.'],
    ['ENAMETOOLONG', 'file.nameTooLong', 'The file name or folder path is too long.'],
    ['ENOENT', 'file.folderNotFound', 'The folder /home/me/locked does not exist.'],
    ['EIO', 'file.writeFailed', 'The file /home/me/locked/calls.csv could not be saved.'],
  ])('a save failing with %s reads as %s, without the errno', (code, key, words) => {
    const error = fileSystemError(errno(code), '/home/me/locked/calls.csv', 'write');
    expect(error.key).toBe(key);
    expect(error.message).toContain(words);
    expect(error.message).not.toMatch(/E[A-Z]{3,}|open '/);
    expect(error.details).toEqual({ errno: code });
  });

  it('a save refused for permission is a storage fault, like the settings file and the database', () => {
    expect(fileSystemError(errno('EACCES'), '/home/me/locked/calls.csv', 'write').code).toBe('storage');
    expect(fileSystemError(errno('EACCES'), '/home/me/contacts.csv', 'read').code).toBe('invalid_input');
  });

  it('a read refused for permission says which file and what to do', () => {
    const error = fileSystemError(errno('EACCES'), '/home/me/contacts.csv', 'read');
    expect(error.key).toBe('file.accessDenied');
    expect(error.message).not.toContain('EACCES');
  });

  it('an export that fails on the real file system is worded the same way, and leaves no file', async () => {
    const folder = tempDir('hoiio-words-');
    // The target name is taken by a folder that holds a file: the final rename fails (EISDIR/ENOTEMPTY/EEXIST).
    const target = path.join(folder, 'calls.csv');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside.txt'), 'x');
    let caught: unknown;
    try {
      await writeFileAtomically(target, async (write) => write('a,b\r\n'), { overwrite: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).message).not.toMatch(/E[A-Z]{3,}:|open '/);
  });
});
