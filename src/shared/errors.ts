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

/** ICU MessageFormat arguments of a catalogue message. */
export const ErrorParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ErrorParams = z.infer<typeof ErrorParamsSchema>;

/**
 * One problem with one field of a request: `path` is the field's form name split on dots
 * (`['phones', '0', 'number']`), `key` a catalogue key worded as `error.<key>`.
 */
export const FieldErrorSchema = z.object({
  path: z.array(z.string()),
  key: z.string(),
  params: ErrorParamsSchema.optional(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/**
 * An error as it crosses IPC (CONVENTIONS.md "Errors across IPC"): the coarse `code`, an English
 * `message` for logs and as a last resort, and the data the renderer words it from: `key`
 * (catalogue message `error.<key>`; without it `error.code.<code>`), `params`, and per-field `fields`.
 */
export const IpcErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  key: z.string().optional(),
  params: ErrorParamsSchema.optional(),
  fields: z.array(FieldErrorSchema).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** The catalogue side of an AppError: all optional, so `new AppError(code, message, details)` stays valid. */
export interface AppErrorOptions {
  readonly key?: string;
  readonly params?: ErrorParams;
  readonly fields?: readonly FieldError[];
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A failure with a message meant for the user: says what happened and what to do. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly key: string | undefined;
  readonly params: ErrorParams | undefined;
  readonly fields: readonly FieldError[] | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options: AppErrorOptions = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.key = options.key;
    this.params = options.params;
    this.fields = options.fields;
  }

  toIpcError(): IpcError {
    const error: IpcError = { code: this.code, message: this.message };
    if (this.key !== undefined) error.key = this.key;
    if (this.params !== undefined) error.params = this.params;
    if (this.fields !== undefined && this.fields.length > 0) error.fields = [...this.fields];
    if (this.details !== undefined) error.details = this.details;
    return error;
  }

  static fromIpcError(error: IpcError): AppError {
    return new AppError(error.code, error.message, error.details, error);
  }
}
