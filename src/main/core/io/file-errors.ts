/**
 * File-system failures as catalogue errors that say what to do (issue 9 item 12): never a bare
 * `(ENOENT)`. The errno code stays in `details.errno` for the logs.
 */
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
  EEXIST: ['file.exists', 'conflict'],
};

/**
 * The AppError for a failed file operation on `filePath` (`error`: what node:fs threw).
 * `action`: whether the app was reading (import) or writing (export) the file.
 */
export function fileSystemError(error: unknown, filePath: string, action: 'read' | 'write'): AppError {
  const errno = (error as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  const [key, code] = BY_ERRNO[errno] ?? [
    action === 'read' ? 'file.readFailed' : 'file.writeFailed',
    action === 'read' ? ('not_found' as const) : ('storage' as const),
  ];
  const params: ErrorParams = { path: filePath, reason: errno };
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
