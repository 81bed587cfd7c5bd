/**
 * The database worker's entry (a thread of its own, bundled as out/main/database-worker.js).
 * It holds its own READ-ONLY `node:sqlite` connection to the app's database (WAL lets it read
 * beside the main connection's writes) and does the work that can take longer than a frame:
 * searches and totals over the call log, pages of contacts, exports, reading and checking imports (staged in a
 * file of their own), and the integrity check after an unclean stop. Protocol: ./protocol.ts.
 */
import { rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { teamLogPage } from '../call-log/team-log-page.ts';
import { importContactsFromFile } from '../io/contact-import.ts';
import { exportCallLogCsv, exportContacts, exportTeamCallLogCsv, exportTotalsCsv } from '../io/export.ts';
import { backupDatabase, describeBackupFile, restoreDatabase } from '../store/backup.ts';
import { createCallHistoryRepository } from '../store/call-history.ts';
import { createCallLogRepository } from '../store/call-log-repository.ts';
import { createContactsRepository } from '../store/contacts-repository.ts';
import { connect, openDatabase } from '../store/database.ts';
import { reclaimSpace, type FullTextTable } from '../store/reclaim.ts';
import { copyReadableRows } from '../store/recovery.ts';
import { applyStagedImport, lastImportPreview, undoLastImport } from '../store/staged-import.ts';
import { toStorageError } from '../store/sqlite-errors.ts';
import type {
  SerializedError,
  WorkerOperation,
  WorkerOperations,
  WorkerRequest,
  WorkerResponse,
  WorkerStartData,
} from './protocol.ts';

if (!parentPort) throw new Error('database.worker.ts runs only as a worker thread');
const port = parentPort;
const { databaseFile } = workerData as WorkerStartData;

const db = connect(databaseFile, { readOnly: true, timeout: 5_000 });
const callLog = createCallLogRepository(db);
const contacts = createContactsRepository(db);
const history = createCallHistoryRepository(db);
const running = new Map<number, AbortController>();

type Handler<O extends WorkerOperation> = (
  input: WorkerOperations[O]['input'],
  context: {
    signal: AbortSignal;
    progress: (progress: Extract<WorkerResponse, { type: 'progress' }>['progress']) => void;
  },
) => WorkerOperations[O]['output'] | Promise<WorkerOperations[O]['output']>;

const handlers: { [O in WorkerOperation]: Handler<O> } = {
  'callLog.query': (input) => callLog.query(input),
  // A team member's log merges the team's calls (call-log/team-log-page.ts); without a team, the store's page.
  'callLog.page': (input) => (input.team === undefined ? callLog.page(input) : teamLogPage(db, input)),
  'contacts.page': (input) => contacts.page(input),
  'callLog.totals': (input) => callLog.totals(input),
  'callLog.exportCsv': ({ target, filter, overwrite, team }, { signal, progress }) => {
    const options = {
      signal,
      overwrite,
      onProgress: (processed: number, total: number) => progress({ phase: 'writing', processed, total }),
    };
    // A team member's log as listed (call-log/team-log-page.ts), with its "Placed by" column.
    return team === undefined
      ? exportCallLogCsv(callLog, target, filter, options)
      : exportTeamCallLogCsv(db, target, filter, team, options);
  },
  'contacts.list': (input) => contacts.list(input),
  'contacts.export': ({ target, format, ids, overwrite }, { signal, progress }) =>
    exportContacts(
      contacts,
      target,
      { format, ids },
      {
        signal,
        overwrite,
        onProgress: (processed, total) => progress({ phase: 'writing', processed, total }),
      },
    ),
  'contacts.stageImport': ({ source, stagingFile, options }, { signal, progress }) =>
    stageImport(source, stagingFile, options, signal, progress),
  'database.quickCheck': () => {
    const rows = db.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[];
    return rows[0]?.quick_check === 'ok' ? null : rows.map((row) => row.quick_check).join('; ');
  },
  'contacts.applyStagedImport': ({ stagingFile, fileName, importedAt }, { progress }) =>
    withWriter((writer) => {
      // One silent transaction follows (seconds at 300,000 contacts on a loaded machine): the request
      // waiting for it is told it is alive as it begins, so its silence timeout starts afresh.
      progress({ phase: 'saving', processed: 0, total: 1 });
      applyStagedImport(writer, stagingFile, { fileName, importedAt });
      return lastImportPreview(writer);
    }),
  'contacts.lastImport': () => lastImportPreview(db),
  'contacts.undoImport': () => {
    const result = withWriter(undoLastImport);
    reclaimLater(['contacts_fts']);
    return result;
  },
  'database.copyReadable': ({ target }) => copyReadableRows(databaseFile, target),
  'callLog.topContacts': (input) => history.topContacts(input),
  'callLog.deleteOlderThan': ({ cutoffMs }, { signal, progress }) => {
    // A progress message per batch (no total is known): the request clearing millions of calls is alive.
    const betweenBatches = (deleted: number): boolean => {
      progress({ phase: 'writing', processed: deleted, total: 0 });
      return signal.aborted;
    };
    const result = withWriter((writer) => ({
      deleted: createCallHistoryRepository(writer).deleteOlderThan(cutoffMs, betweenBatches),
    }));
    // Retention's daily few calls leave the index alone (merging rewrites it); a large clear-out merges it.
    if (result.deleted > 0)
      reclaimLater(result.deleted >= MERGE_AFTER_DELETED_CALLS ? ['call_log_fts', 'call_log_grams'] : []);
    return result;
  },
  'callLog.exportTotalsCsv': ({ target, query, overwrite }, { signal }) =>
    exportTotalsCsv(callLog, target, query, { signal, overwrite }),
  'database.backup': ({ target, overwrite }, { signal, progress }) =>
    backupDatabase(databaseFile, target, {
      overwrite,
      signal,
      onProgress: (phase) => progress({ phase, processed: 0, total: 0 }), // phases only: nothing to count
    }),
  'database.checkBackup': async ({ candidate }) => describeBackupFile(candidate),
  'database.restore': async ({ candidate, workDir }, { signal, progress }) => {
    // A reclaim still writing (after an undo just before) would make the restore's write fail: it ends first.
    await reclaiming;
    const result = await restoreDatabase(databaseFile, candidate, {
      workDir,
      signal,
      onProgress: (processed, total) =>
        progress({ phase: processed < 2 ? 'verifying' : 'restoring', processed, total }),
    });
    reclaimLater([]);
    return result;
  },
};

/** A "clear calls older than" that deletes at least this many calls also merges the call log's index. */
const MERGE_AFTER_DELETED_CALLS = 1_000;
/** The reclaim running now, null when none (a restore waits for it). */
let reclaiming: Promise<void> | null = null;
let reclaimAgain: FullTextTable[] | null = null;

/**
 * After a job that deleted many rows, gives the freed space back to the disk in the background
 * (store/reclaim.ts reclaimSpace: bounded steps on a write connection of its own, pausing between
 * them, so this worker's other jobs and the app's writes go first). One reclaim at a time; a
 * trigger during one runs another after it. A failed step (the database busy past its timeout)
 * ends this reclaim quietly: the pages stay free inside the file until the next trigger.
 */
function reclaimLater(merge: FullTextTable[]): void {
  if (reclaiming) {
    reclaimAgain = [...(reclaimAgain ?? []), ...merge];
    return;
  }
  reclaiming = (async () => {
    let next: FullTextTable[] | null = merge;
    while (next !== null) {
      reclaimAgain = null;
      const writer = connect(databaseFile, { timeout: 5_000, enableForeignKeyConstraints: true });
      try {
        await reclaimSpace(writer, { merge: next });
      } catch {
        // Busy or closing: see above.
      } finally {
        writer.close();
      }
      next = reclaimAgain;
    }
    reclaiming = null;
  })();
}

/** Runs `work` on a write connection of the worker's own, opened for it and closed after. */
function withWriter<T>(work: (writer: DatabaseSync) => T): T {
  const writer = connect(databaseFile, { timeout: 5_000, enableForeignKeyConstraints: true });
  try {
    return work(writer);
  } finally {
    writer.close();
  }
}

/**
 * Runs the import against a snapshot copy of the contacts in a staging file, so duplicates are
 * found against what the user has, while the app's database is not touched. Leaves in the
 * staging file `import_base` (each copied contact's updated_at, to detect edits made meanwhile)
 * and `import_touched` (the ids the import created or changed), for applyStagedImport.
 */
async function stageImport(
  source: string,
  stagingFile: string,
  options: WorkerOperations['contacts.stageImport']['input']['options'],
  signal: AbortSignal,
  progress: (progress: Extract<WorkerResponse, { type: 'progress' }>['progress']) => void,
): Promise<WorkerOperations['contacts.stageImport']['output']> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(stagingFile + suffix, { force: true });
  const staging = openDatabase(stagingFile, { integrityCheck: 'never', synchronous: 'normal' });
  try {
    staging.prepare('ATTACH DATABASE ? AS live').run(databaseFile);
    staging.exec(`BEGIN;
      INSERT INTO main.contacts SELECT * FROM live.contacts;
      INSERT INTO main.contact_phones SELECT * FROM live.contact_phones;
      CREATE TABLE main.import_base AS SELECT id, updated_at FROM main.contacts;
      COMMIT;`);
    staging.exec('DETACH DATABASE live');
    const report = await importContactsFromFile(createContactsRepository(staging), source, {
      ...options,
      signal,
      onProgress: progress,
    });
    staging.exec(`CREATE TABLE import_touched AS
      SELECT c.id FROM contacts c LEFT JOIN import_base b ON b.id = c.id
      WHERE b.id IS NULL OR b.updated_at IS NOT c.updated_at`);
    const touched = (staging.prepare('SELECT count(*) AS n FROM import_touched').get() as { n: number }).n;
    return { report, touched };
  } finally {
    try {
      staging.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      staging.close();
    }
  }
}

function serialize(error: unknown): SerializedError {
  const known = error instanceof AppError ? error : toStorageError(error, 'Reading the local database');
  return {
    code: known.code,
    message: known.message,
    details: known.details,
    key: known.key,
    params: known.params,
    fields: known.fields,
  };
}

function send(message: WorkerResponse): void {
  port.postMessage(message);
}

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const handler = handlers[message.operation] as Handler<WorkerOperation>;
  void (async () => {
    try {
      const value = await handler(message.input as never, {
        signal: controller.signal,
        progress: (progress) => send({ type: 'progress', id: message.id, progress }),
      });
      send({ type: 'result', id: message.id, value });
    } catch (error) {
      send({ type: 'error', id: message.id, error: serialize(error) });
    } finally {
      running.delete(message.id);
    }
  })();
});

send({ type: 'ready' });
