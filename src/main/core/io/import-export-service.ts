/**
 * Imports and exports as cancellable jobs, by the renderer's job id: contacts from vCard/CSV,
 * contacts to vCard/CSV, the call log to CSV. All of the work runs in the `jobs` database worker
 * (reading, checking, staging, writing files); an import becomes visible in one short transaction
 * on that worker's own write connection (store/staged-import.ts). Progress is published as
 * `importExportProgress`, the end (answer or error) as `jobFinished`; files inside the app's data folder are refused (file-paths.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type {
  CsvPreview,
  ExportCallLogInputSchema,
  ExportContactsInputSchema,
  ExportResult,
  ImportContactsInputSchema,
  ImportReport,
  ImportUndoPreview,
  ImportUndoResult,
  JobProgress,
  PreviewCsvInputSchema,
} from '../../../shared/import-export.ts';
import type { CoreEvents } from '../events.ts';
import type { DatabaseWorker } from '../workers/database-worker-client.ts';
import { readImportHead } from './contact-import.ts';
import { previewCsv } from './csv-reader.ts';
import { createFileGuard, EXPORT_EXTENSIONS } from './file-paths.ts';
import { JobRegistry, publishingOutcome, throttledProgress } from './jobs.ts';

export class ImportExportService {
  readonly #jobs: JobRegistry;
  readonly #files: ReturnType<typeof createFileGuard>;
  readonly #stagingDir: string;
  readonly #worker: DatabaseWorker;
  readonly #queries: DatabaseWorker;
  readonly #events: CoreEvents;
  readonly #contactsImported: () => void;
  readonly #importUndone: () => void;
  /** Settles once stale staging files are removed (started by the constructor); imports wait for it. */
  readonly #staleStagingRemoved: Promise<number>;

  /**
   * `dataDir`: the app's data folder (never read or written by a job; staging files go to its
   * `staging/`). `worker` runs the jobs, `queries` the short reads. `contactsImported` and
   * `importUndone`: called after an import or its undo changed contacts (the contacts service
   * announces it).
   */
  constructor(options: {
    readonly dataDir: string;
    readonly worker: DatabaseWorker;
    readonly queries: DatabaseWorker;
    readonly events: CoreEvents;
    readonly contactsImported: () => void;
    readonly importUndone: () => void;
    /** The running jobs `cancel` reaches (shared with the history service's backups and restores). */
    readonly jobs?: JobRegistry;
  }) {
    this.#jobs = options.jobs ?? new JobRegistry();
    this.#files = createFileGuard(options.dataDir);
    this.#stagingDir = path.join(options.dataDir, 'staging');
    this.#worker = options.worker;
    this.#queries = options.queries;
    this.#events = options.events;
    this.#contactsImported = options.contactsImported;
    this.#importUndone = options.importUndone;
    this.#staleStagingRemoved = removeStaleStagingFiles(this.#stagingDir);
  }

  /**
   * How many stale staging files start-up removed (resolves once done): those an import killed with
   * the app (crash, power loss) left behind. Runs on libuv's pool, not this thread; failures are ignored.
   */
  staleStagingRemoved(): Promise<number> {
    return this.#staleStagingRemoved;
  }

  /** Reads a vCard or CSV file; all or nothing, with a per-record report. */
  importContacts(input: z.output<typeof ImportContactsInputSchema>): Promise<ImportReport> {
    return publishingOutcome(this.#events, input.jobId, 'import', () => this.#importContacts(input));
  }

  async #importContacts(input: z.output<typeof ImportContactsInputSchema>): Promise<ImportReport> {
    const { jobId, path: chosen, format, defaultCountry, duplicates, encoding, columns } = input;
    const source = this.#files.importFile(chosen, format);
    const progress = this.#progressFor(jobId, 'import');
    // No import may create its staging file while start-up still clears the folder.
    await this.#staleStagingRemoved;
    const report = await this.#jobs.run(jobId, async (signal) => {
      // Read, checked and merged in the worker against a copy, then applied in one short transaction.
      mkdirSync(this.#stagingDir, { recursive: true });
      const stagingFile = path.join(this.#stagingDir, `import-${randomUUID()}.db`);
      try {
        const staged = await this.#worker.request(
          'contacts.stageImport',
          { source, stagingFile, options: { format, defaultCountry, duplicates, encoding, columns } },
          { signal, onProgress: progress },
        );
        if (signal.aborted) throw new AppError('cancelled', 'The import was cancelled; nothing was imported.');
        if (staged.touched === 0) return { ...staged.report, undo: null };
        // The undo offered with the report is the one this import recorded, read by the same request,
        // never a cached lastImport from before it (which the renderer refetches a moment later).
        const undo = await this.#worker.request('contacts.applyStagedImport', {
          stagingFile,
          fileName: path.basename(source),
          importedAt: new Date().toISOString(),
        });
        return { ...staged.report, undo };
      } finally {
        for (const suffix of ['', '-wal', '-shm']) rmSync(stagingFile + suffix, { force: true });
      }
    });
    if (report.counts.imported + report.counts.merged > 0) this.#contactsImported();
    return report;
  }

  exportContacts(input: z.output<typeof ExportContactsInputSchema>): Promise<ExportResult> {
    return publishingOutcome(this.#events, input.jobId, 'export', () => this.#exportContacts(input));
  }

  async #exportContacts(input: z.output<typeof ExportContactsInputSchema>): Promise<ExportResult> {
    const { jobId, path: chosen, format, ids, overwrite } = input;
    const target = this.#files.exportFile(chosen, EXPORT_EXTENSIONS[format], overwrite);
    const progress = this.#progressFor(jobId, 'export');
    const result = await this.#jobs.run(jobId, (signal) =>
      this.#worker.request(
        'contacts.export',
        { target, format, ids, overwrite: overwrite ?? false },
        { signal, onProgress: progress },
      ),
    );
    return { ...result, path: path.normalize(chosen) };
  }

  /**
   * The calls matching `filter` as CSV (columns from store/call-log-columns.ts); with `team`, a
   * team member's log as listed (its "Placed by" scope) with a "Placed by" column.
   */
  exportCallLog(input: z.output<typeof ExportCallLogInputSchema>): Promise<ExportResult> {
    return publishingOutcome(this.#events, input.jobId, 'export', () => this.#exportCallLog(input));
  }

  async #exportCallLog(input: z.output<typeof ExportCallLogInputSchema>): Promise<ExportResult> {
    const { jobId, path: chosen, filter, overwrite, team } = input;
    const target = this.#files.exportFile(chosen, EXPORT_EXTENSIONS.csv, overwrite);
    const progress = this.#progressFor(jobId, 'export');
    const result = await this.#jobs.run(jobId, (signal) =>
      this.#worker.request(
        'callLog.exportCsv',
        { target, filter, overwrite: overwrite ?? false, team },
        { signal, onProgress: progress },
      ),
    );
    return { ...result, path: path.normalize(chosen) };
  }

  /**
   * The first rows of a CSV file with the column mapping guessed from its header (csv-reader.ts).
   * Reads only the file's first 256 KB, so it is short enough for this thread.
   * Raises AppError('invalid_input') for a refused path or an unreadable file.
   */
  async previewCsv(input: z.output<typeof PreviewCsvInputSchema>): Promise<CsvPreview> {
    const head = await readImportHead(this.#files.importFile(input.path, 'csv'), input.encoding);
    return previewCsv(head, input.defaultCountry);
  }

  /** What undoing the last import would do, or null when there is none (store/staged-import.ts). */
  lastImport(): Promise<ImportUndoPreview | null> {
    return this.#queries.request('contacts.lastImport', {});
  }

  /** Undoes the last import in one transaction (store/staged-import.ts), then announces it. */
  async undoImport(): Promise<ImportUndoResult> {
    const result = await this.#worker.request('contacts.undoImport', {});
    this.#importUndone();
    return result;
  }

  /** Cancels a running job; false when none runs under that id. */
  cancel(jobId: string): boolean {
    return this.#jobs.cancel(jobId);
  }

  /** Cancels every running job (before the workers and the store close). */
  close(): void {
    this.#jobs.cancelAll();
  }

  #progressFor(jobId: string, kind: JobProgress['kind']) {
    return throttledProgress((progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>) =>
      this.#events.emit('importExportProgress', { jobId, kind, ...progress }),
    );
  }
}

/** A staging file of an import (`import-<uuid>.db`) and its SQLite companions (`-wal`, `-shm`, `-journal`). */
const STAGING_FILE = /^import-[0-9a-f-]{36}\.db(-wal|-shm|-journal)?$/;

/**
 * Removes the import staging files in `stagingDir` (data folder's `staging/`): called once at start-up,
 * before any import can run, so every one found is left over by an import the app was killed during.
 * Asynchronous fs calls (off the main thread); a missing folder or a file that cannot be removed is
 * skipped (the next start-up tries again). Resolves to how many files were removed.
 */
export async function removeStaleStagingFiles(stagingDir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(stagingDir);
  } catch {
    return 0;
  }
  const stale = names.filter((name) => STAGING_FILE.test(name));
  const removed = await Promise.all(
    stale.map((name) =>
      rm(path.join(stagingDir, name), { force: true }).then(
        () => 1,
        () => 0,
      ),
    ),
  );
  return removed.reduce((sum: number, one) => sum + one, 0);
}
