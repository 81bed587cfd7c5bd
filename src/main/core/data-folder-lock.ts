/**
 * One running core per data folder. Two cores on one folder (two browser hosts with the same
 * --data-dir) would each start the embedded sandbox from the same txn_ref mark and write one call
 * log from two processes: their calls got the same Hoiio txn_ref. The Electron shell also has its
 * single-instance lock; this one is the core's own, taken at start and released at close.
 *
 * The lock is the file `hoiio.lock` in the data folder, created exclusively (a hard link of a file
 * already holding the PID, so no other process can read it half-written) and holding the owner's
 * PID. A lock whose process is no longer alive (killed, crashed, power lost) is stale and taken over
 * at once. proper-lockfile is not used: it is only a dev-time dependency of a build tool here, and its
 * staleness by age would refuse a restart for its whole stale period after a crash.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';

/** The lock file's name inside the data folder. */
export const DATA_FOLDER_LOCK_FILE = 'hoiio.lock';

/** A data folder lock held by this process. */
export interface DataFolderLock {
  /** The lock file's absolute path. */
  readonly file: string;
  /** Removes the lock if this process still holds it; safe to call more than once. */
  release(): void;
}

/** Lock files this process holds: a file naming our own PID but not listed here is a stale one from an earlier life. */
const heldHere = new Set<string>();

/** Takes-over of a stale lock tried before giving up (another process may be taking it at the same moment). */
const MAX_ATTEMPTS = 3;

/**
 * Takes the data folder's lock for this process. `dataDir` must exist. Throws
 * AppError('conflict', details `{ reason: 'data_folder_in_use', pid, file }`) when another running
 * process holds it, with a message naming the folder and what to do; other file-system errors are
 * thrown as they are.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const file = path.join(dataDir, DATA_FOLDER_LOCK_FILE);
  for (let attempt = 1; ; attempt += 1) {
    if (tryCreate(file)) {
      heldHere.add(file);
      return { file, release: () => release(file) };
    }
    const owner = readOwner(file);
    if (owner === 'gone') continue; // released meanwhile: try again
    if (owner !== null && (heldHere.has(file) || (owner !== process.pid && isAlive(owner)))) {
      throw inUse(dataDir, file, owner);
    }
    if (attempt >= MAX_ATTEMPTS) throw inUse(dataDir, file, owner);
    // Stale (its process is gone, or unreadable): remove it and try again.
    rmSync(file, { force: true });
  }
}

/** Creates the lock file holding our PID; false if it exists already. */
function tryCreate(file: string): boolean {
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${process.pid}\n`);
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The PID in the lock file; null when unreadable; 'gone' when the file no longer exists. */
function readOwner(file: string): number | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Whether a process with this PID runs (EPERM: it runs as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(file: string): void {
  if (!heldHere.delete(file)) return;
  if (readOwner(file) === process.pid) rmSync(file, { force: true });
}

function inUse(dataDir: string, file: string, pid: number | null): AppError {
  const who = pid === null ? 'Another copy of the app' : `Another copy of the app (process ${pid})`;
  return new AppError(
    'conflict',
    `${who} is using the data folder ${dataDir}. Close that copy first, or start this one with another data ` +
      `folder. If no other copy is running, delete ${file} and start again.`,
    { reason: 'data_folder_in_use', pid, file },
  );
}
