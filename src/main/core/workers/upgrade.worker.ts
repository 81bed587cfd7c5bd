/**
 * The upgrade worker's entry (a thread of its own, bundled as out/main/upgrade-worker.js): brings
 * the app's database from an older schema to this version's before the core opens its main
 * connection, so the thread that answers IPC never runs a migration (at 1,000,000 calls the
 * full-text rebuilds alone take tens of seconds). It opens the file with the app's own open path
 * (store/database.ts openDatabase: header checks, the integrity check when due, the migrations in
 * one transaction), switches a file made before incremental auto_vacuum to it once (one VACUUM,
 * store/reclaim.ts), folds the WAL back into the file, closes, and exits. Messages: UpgradeMessage.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import {
  headerSchemaVersion,
  incrementalVacuumPending,
  openDatabase,
  schemaVersion,
  type MigrationProgress,
} from '../store/database.ts';
import { autoVacuumMode, switchToIncrementalVacuum } from '../store/reclaim.ts';
import { toStorageError } from '../store/sqlite-errors.ts';
import type { UpgradeMessage, UpgradeProgress, UpgradeStartData } from './protocol.ts';

if (!parentPort) throw new Error('upgrade.worker.ts runs only as a worker thread');
const port = parentPort;
const { databaseFile, integrityCheck } = workerData as UpgradeStartData;

/** At most one progress message per this many ms (a backfill reports every 1,000 rows). */
const PROGRESS_INTERVAL_MS = 100;
let lastSent = 0;
let lastStep = 0;

function send(message: UpgradeMessage): void {
  port.postMessage(message);
}

function report(progress: UpgradeProgress): void {
  const now = performance.now();
  // A new step is always told (its words change); rows within a step at most every interval.
  if (progress.step === lastStep && now - lastSent < PROGRESS_INTERVAL_MS) return;
  lastSent = now;
  lastStep = progress.step;
  send({ type: 'progress', progress });
}

try {
  const from = headerSchemaVersion(databaseFile) ?? 0;
  // The switch to incremental auto_vacuum (below) is the upgrade's last step when the header says it
  // is due, so the screen counts it with the schema steps ("step 3 of 3"), not as a step of its own.
  const switchSteps = incrementalVacuumPending(databaseFile) ? 1 : 0;
  let schemaSteps = 0;
  if (integrityCheck) report({ phase: 'checking', step: 0, steps: 0, rowsDone: null, rowsTotal: null });
  const db = openDatabase(databaseFile, {
    integrityCheck: integrityCheck ? 'always' : 'never',
    onMigrationProgress: (progress: MigrationProgress) => {
      schemaSteps = progress.steps;
      report({ phase: 'upgrading', ...progress, steps: progress.steps + switchSteps });
    },
  });
  let to: number;
  let compactError: string | undefined;
  try {
    to = schemaVersion(db);
    // Once per file made before incremental auto_vacuum (store/reclaim.ts): a full VACUUM under
    // the start-up screen, as one more step. A failure (a full disk) changes nothing and does not
    // stop the app: the file stays as it was and the switch is tried at the next start.
    if (autoVacuumMode(db) !== 2) {
      const last = schemaSteps + 1;
      report({ phase: 'upgrading', step: last, steps: last, rowsDone: null, rowsTotal: null });
      try {
        switchToIncrementalVacuum(db);
      } catch (error) {
        compactError = String(error);
      }
    }
    // The upgrade's pages sit in the WAL (hundreds of MB at 1,000,000 calls): fold them into the
    // file here, so the main connection starts on an empty log instead of checkpointing it.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  // Only once closed: closing the last connection locks the file a moment (it may take long after
  // a large upgrade), and the main connection opens as soon as it hears 'done'.
  send({ type: 'done', from, to, ...(compactError === undefined ? {} : { compactError }) });
} catch (error) {
  const known = error instanceof AppError ? error : toStorageError(error, 'Updating the local database');
  send({
    type: 'error',
    error: { code: known.code, message: known.message, details: known.details, key: known.key, params: known.params },
  });
}
