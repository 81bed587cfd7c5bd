import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CoreApi } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { JobProgress } from '../../shared/import-export.ts';
import type { CountryCode } from '../../shared/phone.ts';
import type { CoreEvents } from './events.ts';
import { createFileGuard, EXPORT_EXTENSIONS } from './io/file-paths.ts';
import { JobRegistry, throttledProgress } from './io/jobs.ts';
import type { Store } from './store/index.ts';
import type { DatabaseWorker } from './workers/database-worker-client.ts';

export interface DataApiOptions {
  readonly store: Store;
  /** The app's data folder (database, settings): import and export never touch files inside it. */
  readonly dataDir: string;
  readonly events: CoreEvents;
  readonly logger?: Pick<Console, 'warn'> | undefined;
  /** The user's default country (settings): how numbers typed without +country code are read. */
  readonly settingsCountry: () => CountryCode;
  /**
   * The database worker threads: `queries` answers searches and totals, `jobs` runs imports and
   * exports (so a search never waits behind an export). Both only read the database.
   */
  readonly workers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
}

export interface DataApi {
  readonly api: Pick<CoreApi, 'contacts' | 'callLog' | 'importExport'>;
  /** Cancels running imports/exports (before the store closes). */
  close(): void;
}

/** The IPC operations of the local data layer: contacts, call log, import/export. */
export function createDataApi({ store, dataDir, events, logger, settingsCountry, workers }: DataApiOptions): DataApi {
  const { contacts, callLog } = store;
  const stagingDir = path.join(dataDir, 'staging');
  const jobs = new JobRegistry();
  const files = createFileGuard(dataDir);
  if (store.recoveredFrom) logger?.warn(`[store] ${store.recoveredFrom.message}`);

  const changed = (reason: 'created' | 'updated' | 'deleted' | 'restored' | 'imported', ids: string[]): void =>
    events.emit('contactsChanged', { reason, ids });
  const progressFor = (jobId: string, kind: JobProgress['kind']) =>
    throttledProgress((progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>) =>
      events.emit('importExportProgress', { jobId, kind, ...progress }),
    );

  return {
    api: {
      contacts: {
        list: async (query) => contacts.list(query),
        page: (query) => workers.queries.request('contacts.page', query),
        sharedNumbers: async ({ id }) => contacts.sharedNumbers(id),
        get: async ({ id }) => contacts.get(id),
        create: async (input) => {
          const contact = contacts.create({ ...input, defaultCountry: input.defaultCountry ?? settingsCountry() });
          changed('created', [contact.id]);
          return contact;
        },
        update: async (input) => {
          const contact = contacts.update({ ...input, defaultCountry: input.defaultCountry ?? settingsCountry() });
          changed('updated', [contact.id]);
          return contact;
        },
        delete: async ({ ids }) => {
          const result = contacts.delete(ids);
          changed('deleted', ids);
          return result;
        },
        undoDelete: async () => {
          const result = contacts.undoDelete();
          changed(
            'restored',
            result.restored.map((contact) => contact.id),
          );
          return result;
        },
        setFavourite: async ({ id, favourite }) => {
          const contact = contacts.setFavourite(id, favourite);
          changed('updated', [id]);
          return contact;
        },
        toggleFavourite: async ({ id }) => {
          const contact = contacts.toggleFavourite(id);
          changed('updated', [id]);
          return contact;
        },
        findByNumber: async ({ e164 }) => {
          const match = contacts.matchContactByNumber(e164);
          return match ? contacts.get(match.id) : null;
        },
      },
      callLog: {
        query: (query) => workers.queries.request('callLog.query', query),
        page: (query) => workers.queries.request('callLog.page', query),
        get: async ({ id }) => {
          const entry = callLog.getEntry(id);
          if (!entry) throw new AppError('not_found', `No call with id ${id} is in the log.`, { id });
          return entry;
        },
        totals: (query) => workers.queries.request('callLog.totals', query),
        exportCsv: async ({ jobId, path: chosen, filter, overwrite }) => {
          const target = files.exportFile(chosen, EXPORT_EXTENSIONS.csv, overwrite);
          const progress = progressFor(jobId, 'export');
          const result = await jobs.run(jobId, (signal) =>
            workers.jobs.request(
              'callLog.exportCsv',
              { target, filter, overwrite: overwrite ?? false },
              { signal, onProgress: progress },
            ),
          );
          return { ...result, path: path.normalize(chosen) };
        },
      },
      importExport: {
        importContacts: async ({ jobId, path: chosen, format, defaultCountry, duplicates, encoding }) => {
          const source = files.importFile(chosen, format);
          const progress = progressFor(jobId, 'import');
          const report = await jobs.run(jobId, async (signal) => {
            // Read, checked and merged in the worker against a copy, then applied in one short transaction.
            mkdirSync(stagingDir, { recursive: true });
            const stagingFile = path.join(stagingDir, `import-${randomUUID()}.db`);
            try {
              const staged = await workers.jobs.request(
                'contacts.stageImport',
                { source, stagingFile, options: { format, defaultCountry, duplicates, encoding } },
                { signal, onProgress: progress },
              );
              if (signal.aborted) throw new AppError('cancelled', 'The import was cancelled; nothing was imported.');
              if (staged.touched > 0) await workers.jobs.request('contacts.applyStagedImport', { stagingFile });
              return staged.report;
            } finally {
              for (const suffix of ['', '-wal', '-shm']) rmSync(stagingFile + suffix, { force: true });
            }
          });
          if (report.counts.imported + report.counts.merged > 0) changed('imported', []);
          return report;
        },
        exportContacts: async ({ jobId, path: chosen, format, ids, overwrite }) => {
          const target = files.exportFile(chosen, EXPORT_EXTENSIONS[format], overwrite);
          const progress = progressFor(jobId, 'export');
          const result = await jobs.run(jobId, (signal) =>
            workers.jobs.request(
              'contacts.export',
              { target, format, ids, overwrite: overwrite ?? false },
              { signal, onProgress: progress },
            ),
          );
          return { ...result, path: path.normalize(chosen) };
        },
        cancel: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
      },
    },
    close: () => jobs.cancelAll(),
  };
}
