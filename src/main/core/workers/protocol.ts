import type {
  CallLogFilter,
  CallLogKeysetPage,
  CallLogPage,
  CallLogPageQuery,
  CallLogQuery,
  CallTotalsQuery,
  CallTotalsResult,
} from '../../../shared/call-log.ts';
import type { ContactKeysetPage, ContactPageQuery } from '../../../shared/contacts.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { ExportResult, ImportReport, JobProgress } from '../../../shared/import-export.ts';
import type { ImportContactsOptions } from '../io/contact-import.ts';
import type { CopyReport } from '../store/recovery.ts';

/**
 * The messages between the core (the thread that answers IPC) and the database worker
 * (`database.worker.ts`). Every operation but one only READS the app's database (the worker's
 * connection is read-only): the main connection owns the writes (docs/architecture.md). An import
 * writes into its own staging file, then `contacts.applyStagedImport` makes it visible in one
 * short transaction.
 */
export interface WorkerOperations {
  'callLog.query': { input: CallLogQuery; output: CallLogPage };
  /** A keyset page of the log (the renderer's virtual list). */
  'callLog.page': { input: CallLogPageQuery; output: CallLogKeysetPage };
  /** A keyset page of contacts, optionally searched (the renderer's virtual list). */
  'contacts.page': { input: ContactPageQuery; output: ContactKeysetPage };
  'callLog.totals': { input: CallTotalsQuery; output: CallTotalsResult };
  'callLog.exportCsv': { input: { target: string; filter: CallLogFilter; overwrite: boolean }; output: ExportResult };
  'contacts.export': {
    input: { target: string; format: 'vcard' | 'csv'; ids?: string[] | undefined; overwrite: boolean };
    output: ExportResult;
  };
  /**
   * Reads and checks a vCard/CSV file and runs the import against a copy of the contacts in
   * `stagingFile` (created fresh). Nothing in the app's database changes.
   */
  'contacts.stageImport': {
    input: { source: string; stagingFile: string; options: Omit<ImportContactsOptions, 'signal' | 'onProgress'> };
    output: { report: ImportReport; touched: number };
  };
  /**
   * The import's one short final step (store/staged-import.ts), on a write connection of the
   * worker's own: the main thread never spends the ~50-150 ms it takes at 10,000 contacts.
   */
  'contacts.applyStagedImport': { input: { stagingFile: string }; output: null };
  /** `PRAGMA quick_check` over the whole file: null when sound, else SQLite's findings. */
  'database.quickCheck': { input: Record<string, never>; output: string | null };
  /** Copies every readable row of the (damaged) database into the new file `target` (store/recovery.ts). */
  'database.copyReadable': { input: { target: string }; output: CopyReport };
}
export type WorkerOperation = keyof WorkerOperations;

export type WorkerRequest =
  { type: 'request'; id: number; operation: WorkerOperation; input: unknown } | { type: 'cancel'; id: number };

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown> | undefined;
}

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'progress'; id: number; progress: Pick<JobProgress, 'phase' | 'processed' | 'total'> };

/** What the worker is started with (`workerData`). */
export interface WorkerStartData {
  /** The app's database file (already created and migrated by the main connection). */
  readonly databaseFile: string;
}
