import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { workerEntry } from './database-worker-client.ts';
import type { UpgradeMessage, UpgradeProgress, UpgradeStartData } from './protocol.ts';

export interface UpgradeOptions extends UpgradeStartData {
  /** Told each step as it starts and a step's rows as it goes (at most every ~100 ms). */
  readonly onProgress?: ((progress: UpgradeProgress) => void) | undefined;
  /** The worker's code (tests start the built bundle); default: workerEntry('upgrade'). */
  readonly entry?: URL | undefined;
}

/** What an upgrade did: the schema versions before and after, and why the switch to incremental auto_vacuum failed if it did. */
export interface UpgradeResult {
  readonly from: number;
  readonly to: number;
  /**
   * The error of the one-time switch to incremental auto_vacuum (store/reclaim.ts), when it failed
   * (a full disk): the file is as it was, the upgrade itself stands, and the switch is tried again
   * at the next start. For the caller to log.
   */
  readonly compactError?: string;
}

/**
 * Upgrades the database file to this version's schema in the upgrade worker (./upgrade.worker.ts),
 * so the calling thread stays free; resolves with UpgradeResult. Rejects with the
 * worker's AppError: 'storage' with details.reason 'upgrade_failed' (nothing was changed: the steps
 * run in one transaction), 'newer_schema', 'not_writable', or 'corrupt' (the integrity check found
 * damage: the file was moved aside, details.movedTo), or AppError('storage') if the thread died.
 */
export function upgradeInWorker(options: UpgradeOptions): Promise<UpgradeResult> {
  const { databaseFile, integrityCheck, onProgress } = options;
  const data: UpgradeStartData = { databaseFile, integrityCheck };
  const worker = new Worker(options.entry ?? workerEntry('upgrade'), { workerData: data, name: 'hoiio-upgrade' });
  return new Promise((resolve, reject) => {
    // Settled when the thread has exited: its connection is then surely closed and its locks gone.
    let outcome: { ok: true; result: UpgradeResult } | { ok: false; error: AppError } | undefined;
    worker.on('message', (message: UpgradeMessage) => {
      if (message.type === 'progress') return onProgress?.(message.progress);
      if (message.type === 'done') {
        const { from, to, compactError } = message;
        outcome = { ok: true, result: { from, to, ...(compactError === undefined ? {} : { compactError }) } };
      } else {
        const { code, message: text, details, key, params } = message.error;
        outcome = { ok: false, error: new AppError(code, text, details, { key, params }) };
      }
    });
    worker.once('error', (error) => {
      outcome ??= { ok: false, error: stopped(databaseFile, error.message) };
    });
    worker.once('exit', (code) => {
      const result = outcome ?? { ok: false, error: stopped(databaseFile, `exit code ${code}`) };
      if (result.ok) resolve(result.result);
      else reject(result.error);
    });
  });
}

function stopped(file: string, why: string): AppError {
  return new AppError(
    'storage',
    `Updating the local database ${file} stopped unexpectedly (${why}). Nothing was changed: start the app again.`,
    { reason: 'upgrade_failed', file, cause: why },
  );
}
