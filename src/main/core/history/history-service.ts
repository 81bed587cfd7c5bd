import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { CoreApi } from '../../../shared/contract.ts';
import { AppError } from '../../../shared/errors.ts';
import { LOCAL_NOTE_AUTHOR, BACKUP_EXTENSIONS, type RestoreResult } from '../../../shared/history.ts';
import type { JobProgress } from '../../../shared/import-export.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { CoreEvents } from '../events.ts';
import { createFileGuard, EXPORT_EXTENSIONS } from '../io/file-paths.ts';
import { publishingOutcome, throttledProgress, type JobRegistry } from '../io/jobs.ts';
import { createCallHistoryRepository, IN_PROGRESS_STATES } from '../store/call-history.ts';
import { createCallNotesRepository } from '../store/call-notes.ts';
import type { CallLogRepository } from '../store/index.ts';
import { DAY_MS } from '../store/call-log-totals.ts';
import type { DatabaseWorker } from '../workers/database-worker-client.ts';

/** How often the retention setting is applied while the app runs (also once at start-up). */
export const RETENTION_INTERVAL_MS = DAY_MS;

export interface HistoryServiceOptions {
  /** The main connection (the one writer for small writes): a getter, as recovery may swap it. */
  readonly db: () => DatabaseSync;
  readonly callLog: CallLogRepository;
  readonly dataDir: string;
  readonly events: CoreEvents;
  readonly workers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
  /** The registry `importExport.cancel` uses, so backups and exports cancel the same way. */
  readonly jobs: JobRegistry;
  readonly settings: () => Settings;
  readonly logger?: Pick<Console, 'info' | 'warn' | 'error'> | undefined;
  readonly now?: () => Date;
}

export type HistoryApi = Pick<CoreApi, 'notes' | 'database'> & {
  readonly callLog: Pick<
    CoreApi['callLog'],
    'delete' | 'undoDelete' | 'clearOlderThan' | 'topContacts' | 'exportTotalsCsv'
  >;
};

export interface HistoryService {
  readonly api: HistoryApi;
  /**
   * Applies the retention setting now (start-up, the daily timer, a settings change): deletes
   * ended calls older than `history.retentionDays` in the jobs worker. Never rejects (logged).
   */
  applyRetention(): Promise<number>;
  /** Starts the daily retention timer (unref'd: never keeps the process alive). */
  startRetention(): void;
  close(): void;
}

/**
 * Notes on calls and keeping/removing history (issue 13): the IPC operations' logic, thin over
 * the store (small writes on the main connection) and the database workers (clearing by age,
 * backups, restores, Insights aggregations and exports).
 */
export function createHistoryService(options: HistoryServiceOptions): HistoryService {
  const { events, workers, jobs, dataDir } = options;
  const files = createFileGuard(dataDir);
  const now = () => options.now?.() ?? new Date();
  // Repositories over the current main connection (rebuilt if recovery swapped it).
  let cachedFor: DatabaseSync | null = null;
  let repositories: {
    notes: ReturnType<typeof createCallNotesRepository>;
    history: ReturnType<typeof createCallHistoryRepository>;
  } | null = null;
  const store = () => {
    const db = options.db();
    if (cachedFor !== db || !repositories) {
      cachedFor = db;
      repositories = {
        notes: createCallNotesRepository(db, { now }),
        history: createCallHistoryRepository(db, { now }),
      };
    }
    return repositories;
  };
  const progressFor = (jobId: string, kind: JobProgress['kind']) =>
    throttledProgress((progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>) =>
      events.emit('importExportProgress', { jobId, kind, ...progress }),
    );
  const cleared = (deleted: number) => {
    if (deleted > 0) events.emit('callLogChanged', { reason: 'cleared', ids: [] });
  };

  async function clearBefore(cutoffMs: number): Promise<number> {
    const { deleted } = await workers.jobs.request('callLog.deleteOlderThan', { cutoffMs });
    cleared(deleted);
    return deleted;
  }

  async function applyRetention(): Promise<number> {
    const days = options.settings().history.retentionDays;
    if (days === null) return 0;
    try {
      const deleted = await clearBefore(now().getTime() - days * DAY_MS);
      if (deleted > 0) options.logger?.info(`[history] retention (${days} days) deleted ${deleted} call(s)`);
      return deleted;
    } catch (error) {
      options.logger?.warn(`[history] retention could not run: ${String(error)}`);
      return 0;
    }
  }

  /** Checks the backup, keeps the current database aside, then restores (database.restore). */
  async function restore(jobId: string, chosen: string): Promise<RestoreResult> {
    const candidate = files.importFile(chosen, 'backup');
    if (options.callLog.listUnfinished().some((call) => IN_PROGRESS_STATES.includes(call.state))) {
      throw new AppError(
        'conflict',
        'A call is in progress: restore once it has ended. Nothing was changed.',
        undefined,
        { key: 'restore.callInProgress' },
      );
    }
    const workDir = path.join(dataDir, 'staging');
    mkdirSync(workDir, { recursive: true });
    const result = await jobs.run(jobId, (signal) =>
      workers.jobs.request(
        'database.restore',
        { candidate, workDir },
        { signal, onProgress: progressFor(jobId, 'restore') },
      ),
    );
    options.logger?.warn(
      `[history] database restored from ${candidate}; the previous one is kept at ${result.previousKeptAt}`,
    );
    events.emit('callLogChanged', { reason: 'replaced', ids: [] });
    events.emit('contactsChanged', { reason: 'imported', ids: [] });
    return result;
  }

  let timer: NodeJS.Timeout | null = null;

  return {
    api: {
      notes: {
        get: async ({ callId }) => store().notes.get(callId, LOCAL_NOTE_AUTHOR),
        set: async ({ callId, body, baseUpdatedAt }) => {
          const { note, noteText } = store().notes.set(callId, LOCAL_NOTE_AUTHOR, body, baseUpdatedAt);
          events.emit('callNotesChanged', { callId, note: noteText });
          return note;
        },
      },
      callLog: {
        delete: async ({ ids }) => {
          const { deleted, undoable } = store().history.deleteCalls(ids);
          if (deleted.length > 0) events.emit('callLogChanged', { reason: 'deleted', ids: deleted });
          return { deleted: deleted.length, undoable };
        },
        undoDelete: async () => {
          const result = store().history.undoDelete();
          events.emit('callLogChanged', { reason: 'restored', ids: result.restored });
          return result;
        },
        clearOlderThan: async ({ days }) => ({ deleted: await clearBefore(now().getTime() - days * DAY_MS) }),
        topContacts: (query) => workers.queries.request('callLog.topContacts', query),
        exportTotalsCsv: ({ jobId, path: chosen, overwrite, query }) =>
          publishingOutcome(events, jobId, 'export', async () => {
            const target = files.exportFile(chosen, EXPORT_EXTENSIONS.csv, overwrite ?? false);
            const result = await jobs.run(jobId, (signal) =>
              workers.jobs.request(
                'callLog.exportTotalsCsv',
                { target, query, overwrite: overwrite ?? false },
                { signal, onProgress: progressFor(jobId, 'export') },
              ),
            );
            return { ...result, path: path.normalize(chosen) };
          }),
      },
      database: {
        backup: ({ jobId, path: chosen, overwrite }) =>
          publishingOutcome(events, jobId, 'backup', async () => {
            const target = files.exportFile(chosen, BACKUP_EXTENSIONS, overwrite ?? false);
            const result = await jobs.run(jobId, (signal) =>
              workers.jobs.request(
                'database.backup',
                { target, overwrite: overwrite ?? false },
                { signal, onProgress: progressFor(jobId, 'backup') },
              ),
            );
            return { ...result, path: path.normalize(chosen) };
          }),
        checkBackup: async ({ path: chosen }) => {
          const candidate = files.importFile(chosen, 'backup');
          const check = await workers.jobs.request('database.checkBackup', { candidate });
          return { ...check, fileName: path.basename(candidate) };
        },
        restore: ({ jobId, path: chosen }) => publishingOutcome(events, jobId, 'restore', () => restore(jobId, chosen)),
      },
    },
    applyRetention,
    startRetention() {
      if (timer) return;
      void applyRetention();
      timer = setInterval(() => void applyRetention(), RETENTION_INTERVAL_MS);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
