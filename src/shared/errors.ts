import { z } from 'zod';

/**
 * Error codes that cross the IPC boundary. Core code throws AppError with one of these;
 * anything else that escapes becomes `internal` with a generic message (details are logged in main).
 */
export const ErrorCodeSchema = z.enum([
  'invalid_input', // the payload did not match the contract
  'invalid_output', // the core produced something the contract does not allow (a bug)
  'unknown_operation',
  'forbidden', // IPC from a frame that is not the app's own
  'not_found',
  'conflict',
  'cancelled',
  'keychain_unavailable',
  'hoiio', // a non-success Hoiio status; details.status holds the raw code
  'network', // Hoiio could not be reached or answered garbage
  'storage',
  'unsupported', // this shell cannot do it (e.g. native file dialogs in the browser host)
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const IpcErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A failure with a message meant for the user: says what happened and what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toIpcError(): IpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromIpcError(error: IpcError): AppError {
    return new AppError(error.code, error.message, error.details);
  }
}
