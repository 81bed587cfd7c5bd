import type {
  CallLogFilter,
  CallLogKeysetPage,
  CallLogPage,
  CallLogPageQuery,
  CallLogQuery,
  CallTotalsQuery,
  CallTotalsResult,
} from '../../../shared/call-log.ts';
import type { ContactKeysetPage, ContactListQuery, ContactPage, ContactPageQuery } from '../../../shared/contacts.ts';
import type { ErrorCode, ErrorParams, FieldError } from '../../../shared/errors.ts';
import type {
  CallLogExportTeam,
  ExportResult,
  ImportReport,
  ImportUndoPreview,
  ImportUndoResult,
  JobProgress,
} from '../../../shared/import-export.ts';
import type {
  BackupCheck,
  BackupResult,
  RestoreResult,
  TopContactsQuery,
  TopContactsResult,
} from '../../../shared/history.ts';
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
  'callLog.exportCsv': {
    input: { target: string; filter: CallLogFilter; overwrite: boolean; team?: CallLogExportTeam | undefined };
    output: ExportResult;
  };
  /** A page of contacts in name order, optionally searched (a search scans the table). */
  'contacts.list': { input: ContactListQuery; output: ContactPage };
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
  'contacts.applyStagedImport': {
    input: { stagingFile: string; fileName: string; importedAt: string };
    /** The undo the import just recorded, read in the same worker right after it (ImportReport.undo). */
    output: ImportUndoPreview | null;
  };
  /** What undoing the last import would do, or null when there is none (store/staged-import.ts). */
  'contacts.lastImport': { input: Record<string, never>; output: ImportUndoPreview | null };
  /** Undoes the last import in one transaction on the worker's write connection (store/staged-import.ts). */
  'contacts.undoImport': { input: Record<string, never>; output: ImportUndoResult };
  /** `PRAGMA quick_check` over the whole file: null when sound, else SQLite's findings. */
  'database.quickCheck': { input: Record<string, never>; output: string | null };
  /** Copies every readable row of the (damaged) database into the new file `target` (store/recovery.ts). */
  'database.copyReadable': { input: { target: string }; output: CopyReport };
  /** The Insights view's top contacts by minutes and by cost (store/call-history.ts). */
  'callLog.topContacts': { input: TopContactsQuery; output: TopContactsResult };
  /**
   * Deletes ended calls created before `cutoffMs` (and their notes) in batches, on a write
   * connection of the worker's own: "clear older than" and the retention setting.
   */
  'callLog.deleteOlderThan': { input: { cutoffMs: number }; output: { deleted: number } };
  /** The totals per day or month of `query` as CSV (the Insights export). */
  'callLog.exportTotalsCsv': {
    input: { target: string; query: CallTotalsQuery; overwrite: boolean };
    output: ExportResult;
  };
  /** A whole-database backup into `target` (store/backup.ts); progress in pages. */
  'database.backup': { input: { target: string; overwrite: boolean }; output: Omit<BackupResult, 'path'> };
  /** Checks `candidate` read-only and says what it holds (store/backup.ts describeBackupFile). */
  'database.checkBackup': { input: { candidate: string }; output: Omit<BackupCheck, 'fileName'> };
  /** Checks `candidate` and restores the database from it (store/backup.ts); `workDir` holds the staged copy. */
  'database.restore': { input: { candidate: string; workDir: string }; output: RestoreResult };
}
export type WorkerOperation = keyof WorkerOperations;

export type WorkerRequest =
  { type: 'request'; id: number; operation: WorkerOperation; input: unknown } | { type: 'cancel'; id: number };

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown> | undefined;
  /** The catalogue key, params and field problems (AppError's), so the renderer words it in its language. */
  readonly key?: string | undefined;
  readonly params?: ErrorParams | undefined;
  readonly fields?: readonly FieldError[] | undefined;
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

/** What the upgrade worker (`upgrade.worker.ts`) is started with. */
export interface UpgradeStartData {
  /** The app's database file, at an older schema; no other connection has it open. */
  readonly databaseFile: string;
  /** Run `PRAGMA quick_check` before upgrading (the last session stopped uncleanly). */
  readonly integrityCheck: boolean;
}

/** Where an upgrade is (store/database.ts MigrationProgress), as the upgrade worker reports it. */
export interface UpgradeProgress {
  /** `checking`: the integrity check before the upgrade; `upgrading`: the schema steps. */
  readonly phase: 'checking' | 'upgrading';
  readonly step: number;
  readonly steps: number;
  readonly rowsDone: number | null;
  readonly rowsTotal: number | null;
}

/** The upgrade worker's messages: progress, then exactly one of done or error. */
export type UpgradeMessage =
  | { type: 'progress'; progress: UpgradeProgress }
  /** `compactError`: the switch to incremental auto_vacuum failed (nothing changed; retried next start). */
  | { type: 'done'; from: number; to: number; compactError?: string }
  | { type: 'error'; error: SerializedError };
