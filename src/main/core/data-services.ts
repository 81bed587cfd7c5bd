/**
 * The services over the user's data (contacts, reading the call log, import/export, notes and
 * history), wired in one place with their dependencies named: the store for small reads and
 * writes on the main connection, the two database workers for anything that scans or writes in
 * bulk, the event bus, settings. createCore builds them once (index.ts) and maps each onto its
 * handler file; nothing here forwards.
 */
import type { Settings } from '../../shared/settings.ts';
import { CallLogService } from './call-log/call-log-service.ts';
import { ContactsService, type ContactRevisionKeeper } from './contacts/contacts-service.ts';
import type { CoreEvents } from './events.ts';
import { createHistoryService, type HistoryService } from './history/history-service.ts';
import { ImportExportService } from './io/import-export-service.ts';
import { JobRegistry } from './io/jobs.ts';
import type { Store } from './store/index.ts';
import type { DatabaseWorker } from './workers/database-worker-client.ts';

export interface DataServiceDependencies {
  /** Where exports, backups and import staging files may live (the app's data folder). */
  readonly dataDir: string;
  /** The main connection's repositories (the one writer for small writes). */
  readonly store: Store;
  /** `queries`: searches, totals, pages, the integrity check; `jobs`: imports, exports, backups. */
  readonly workers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
  readonly events: CoreEvents;
  /** The settings service: the default country (contacts), retention days (history). */
  readonly settings: {
    get(): Settings;
    onChange(listener: (next: Settings, previous: Settings) => void): () => void;
  };
  readonly logger: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Keeps what a contact-form save overwrote as revisions (the team service, issue 16); absent in some tests. */
  readonly revisions?: ContactRevisionKeeper;
}

export interface DataServices {
  readonly contacts: ContactsService;
  readonly callLog: CallLogService;
  readonly importExport: ImportExportService;
  /** Notes, deleting calls, retention, backup and restore, Insights (issue 13). */
  readonly history: HistoryService;
  /** Cancels running jobs, stops retention and its settings subscription. Does not close the workers. */
  close(): void;
}

/**
 * Builds the data services over `store` and `workers`. Cheap (no reads of the data): safe in one
 * start-up step. A change of `history.retentionDays` applies retention at once; the daily timer
 * starts only when the core calls `history.startRetention()` (once the file is known sound).
 */
export function createDataServices(dependencies: DataServiceDependencies): DataServices {
  const { dataDir, store, workers, events, settings, logger } = dependencies;
  const contacts = new ContactsService({
    contacts: store.contacts,
    revisions: dependencies.revisions,
    queries: workers.queries,
    events,
    settings,
  });
  const callLog = new CallLogService({ callLog: store.callLog, queries: workers.queries });
  // One registry of running jobs, so importExport.cancel also stops backups, restores and Insights exports.
  const jobs = new JobRegistry();
  const importExport = new ImportExportService({
    dataDir,
    worker: workers.jobs,
    queries: workers.queries,
    events,
    contactsImported: () => contacts.imported(),
    importUndone: () => contacts.importUndone(),
    jobs,
  });
  const history = createHistoryService({
    db: () => store.db,
    callLog: store.callLog,
    dataDir,
    events,
    workers,
    jobs,
    settings: () => settings.get(),
    logger,
  });
  const stopRetentionFollow = settings.onChange((next, previous) => {
    if (next.history.retentionDays !== previous.history.retentionDays) void history.applyRetention();
  });
  return {
    contacts,
    callLog,
    importExport,
    history,
    close() {
      importExport.close();
      history.close();
      stopRetentionFollow();
    },
  };
}
