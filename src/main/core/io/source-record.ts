import { AppError } from '../../../shared/errors.ts';

/** A contact as read from a file, before numbers are normalised and limits applied. */
export interface RawContact {
  name: string;
  company: string;
  notes: string;
  favourite: boolean;
  phones: { label: string; text: string }[];
}

/** One record of an imported file: a contact, or the reason it could not be read. */
export type SourceRecord =
  | { readonly row: number; readonly line: number; readonly contact: RawContact }
  | { readonly row: number; readonly line: number; readonly error: string };

export interface ReadOptions {
  readonly signal?: AbortSignal | undefined;
  /** Characters of the text read so far, out of `total`. */
  readonly onProgress?: ((processed: number, total: number) => void) | undefined;
}

/** How many records to parse between yields to the event loop (progress, cancel, other IPC). */
export const RECORDS_PER_SLICE = 500;

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled; nothing was imported.');
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
