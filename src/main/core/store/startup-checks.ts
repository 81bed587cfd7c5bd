/**
 * After an unclean stop: the full integrity check, in the `queries` database worker, once the app
 * is up. On damage every readable row is copied into a new file (`jobs` worker), then one short
 * step on this thread carries over the rows written since start and swaps the files; the damaged
 * file is kept aside and the user is told through a notice.
 */
import type { Notice } from '../../../shared/contract.ts';
import type { DatabaseWorker } from '../workers/database-worker-client.ts';
import type { Store } from './index.ts';

export interface StartupCheckOptions {
  readonly store: Store;
  readonly workers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
  readonly logger: Pick<Console, 'warn' | 'error'>;
  /** Tells the user (AppInfo notices). */
  readonly addNotice: (notice: Notice) => void;
  /** True once the core is closing: a recovery copy that finishes then is not swapped in. */
  readonly closing: () => boolean;
}

/**
 * Resolves when the deferred checks have finished; never rejects. A check that fails (or is cut
 * short by closing) leaves the damage mark, so the next start checks fully again.
 */
export function runStartupChecks(options: StartupCheckOptions): Promise<void> {
  const { store, logger } = options;
  if (!store.integrityCheckDue) return Promise.resolve();
  return checkAndRecover(options).catch((error: unknown) => {
    // Closing stops the workers under a running check: close() already left the mark.
    if (options.closing()) return;
    store.markDamaged();
    logger.error(`[store] the integrity check or recovery could not finish: ${String(error)}`);
  });
}

async function checkAndRecover({ store, workers, logger, addNotice, closing }: StartupCheckOptions): Promise<void> {
  const findings = await workers.queries.request('database.quickCheck', {});
  if (findings === null) {
    store.stopTrackingChanges();
    return;
  }
  const problem = findings.replace(/\s+/g, ' ').slice(0, 300);
  logger.error(`[store] integrity check after an unclean stop found damage: ${findings}`);
  const target = `${store.filePath}.recovering-${Date.now()}`;
  const report = await workers.jobs.request('database.copyReadable', { target });
  if (closing()) return;
  const { movedTo, carried } = store.replaceWithRecovered(target);
  await Promise.all([workers.queries.restart(), workers.jobs.restart()]);
  const lost = Object.values(report.unreadable).reduce((sum, count) => sum + count, 0);
  logger.warn(
    `[store] recovered: copied ${JSON.stringify(report.copied)}, unreadable ${JSON.stringify(report.unreadable)}, ` +
      `carried ${carried.calls} call(s) and ${carried.contacts} contact(s) written since start; damaged file kept at ${movedTo}`,
  );
  addNotice({
    key: 'databaseRecovered',
    params: { lost, movedTo },
    message:
      `The local database was damaged (${problem}). Every readable contact and call was copied into a new database` +
      (lost > 0 ? ` (${lost} unreadable row(s) could not be saved)` : '') +
      `; the damaged file is kept at ${movedTo}.`,
  });
}
