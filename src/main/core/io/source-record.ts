import { AppError } from '../../../shared/errors.ts';
import { quoteInput } from '../../../shared/visible-text.ts';
import type { ImportReason } from './import-reasons.ts';

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
  | {
      readonly row: number;
      readonly line: number;
      readonly contact: RawContact;
      /** Set when the reader decoded this record's values itself (vCard CHARSET): some bytes were unreadable (U+FFFD). */
      readonly invalidBytes?: boolean;
      /** Set when non-ASCII text of this record was decoded in this encoding by a guess (not UTF-8, no BOM, no CHARSET). */
      readonly guessedEncoding?: string;
    }
  | { readonly row: number; readonly line: number; readonly error: ImportReason };

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

/**
 * At most this many characters of a value read from the file are quoted in the import report:
 * enough to find the record, while the report (which crosses IPC to the renderer) never carries
 * whole lines of an arbitrary file.
 */
export const REPORT_QUOTE_LIMIT = 64;

/**
 * `text` from the file for a report or error message: trimmed, hidden characters shown visibly
 * (a tab as ⟨tab⟩, a line break as ⟨newline⟩, a zero-width space as ⟨U+200B⟩: `quoteInput`, the
 * app's one helper for quoting input), cut to `limit` characters with "…".
 */
export function quoteForReport(text: string, limit = REPORT_QUOTE_LIMIT): string {
  return quoteInput(text.trim(), limit);
}
