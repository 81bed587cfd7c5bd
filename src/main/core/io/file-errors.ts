/**
 * File-system failures as catalogue errors that say what to do (issue 9 item 12): never a bare
 * `(ENOENT)`. The errno code stays in `details.errno` for the logs.
 */
import path from 'node:path';
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import { AppError, type ErrorCode, type ErrorParams } from '../../../shared/errors.ts';

/** errno → [catalogue key, coarse code]. Anything else is `file.readFailed` / `file.writeFailed`. */
const BY_ERRNO: Readonly<Record<string, readonly [string, ErrorCode]>> = {
  ENOENT: ['file.notFound', 'not_found'],
  ENOTDIR: ['file.notFound', 'not_found'],
  EACCES: ['file.accessDenied', 'invalid_input'],
  EPERM: ['file.accessDenied', 'invalid_input'],
  EISDIR: ['file.isFolder', 'invalid_input'],
  ENOSPC: ['file.diskFull', 'storage'],
  EDQUOT: ['file.diskFull', 'storage'],
  EFBIG: ['file.tooBigForDisk', 'storage'],
  EEXIST: ['file.exists', 'conflict'],
  EROFS: ['file.readOnlyDisk', 'storage'],
  EBUSY: ['file.inUse', 'conflict'],
  ETXTBSY: ['file.inUse', 'conflict'],
  ENAMETOOLONG: ['file.nameTooLong', 'invalid_input'],
  EMFILE: ['file.tooManyOpen', 'storage'],
  ENFILE: ['file.tooManyOpen', 'storage'],
};
/**
 * Keys worded differently when the app was saving (the folder is the problem, not the file). A save
 * refused for permission is a storage fault (code `storage`), as the settings file and the database
 * word theirs (storage-errors.ts): the same refusal reads the same on every write path.
 */
const WHEN_WRITING: Readonly<Record<string, readonly [string, ErrorCode]>> = {
  'file.accessDenied': ['file.writeDenied', 'storage'],
  'file.notFound': ['file.folderNotFound', 'not_found'],
};

/**
 * The AppError for a failed file operation on `filePath` (`error`: what node:fs threw).
 * `action`: whether the app was reading (import) or writing (export) the file.
 */
export function fileSystemError(error: unknown, filePath: string, action: 'read' | 'write'): AppError {
  const errno = (error as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  const [found, readCode] = BY_ERRNO[errno] ?? [
    action === 'read' ? 'file.readFailed' : 'file.writeFailed',
    action === 'read' ? ('not_found' as const) : ('storage' as const),
  ];
  const [key, code] = (action === 'write' ? WHEN_WRITING[found] : undefined) ?? [found, readCode];
  // The errno stays out of the words (it is in `details` for the logs); `folder` for the write keys.
  const folder = path.dirname(filePath);
  const params: ErrorParams = key === 'file.folderNotFound' ? { path: folder, folder } : { path: filePath, folder };
  return new AppError(
    code,
    englishErrorMessage(key, params),
    { errno },
    { key, params, fields: [{ path: ['path'], key, params }] },
  );
}

/** A catalogue AppError for a file problem found by the app's own checks (not an errno). */
export function fileProblem(code: ErrorCode, key: string, params: ErrorParams): AppError {
  return new AppError(code, englishErrorMessage(key, params), undefined, {
    key,
    params,
    fields: [{ path: ['path'], key, params }],
  });
}
