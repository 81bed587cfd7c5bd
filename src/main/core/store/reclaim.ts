import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseSync } from 'node:sqlite';

/**
 * Giving the space of large deletions back to the disk, in the background, in bounded steps.
 *
 * SQLite keeps the pages a deletion frees inside the file (its freelist) and reuses them for
 * later writes: without more, a database that held 60,000 imported contacts stays ~55 MB after
 * the import is undone, for ever. Two things hold that space:
 * - the FTS5 indexes (`contacts_fts`, `call_log_fts`, `call_log_grams`): a delete adds tombstones to the index's
 *   segments rather than rewriting them; FTS5's `merge` command rewrites them, a bounded number of
 *   pages per call, dropping what was deleted (sqlite.org/fts5.html#the_merge_command);
 * - the freelist: with `auto_vacuum = INCREMENTAL`, `PRAGMA incremental_vacuum(N)` moves up to N
 *   free pages to the end of the file and truncates it, in one short write transaction.
 *
 * Why incremental auto_vacuum (chosen over "offer a full VACUUM when free pages pass a threshold"):
 * a full VACUUM on the live file holds the write lock for as long as it copies every live page
 * (seconds at 100,000 calls), and the main thread writes synchronously, so it would stall the
 * thread that answers IPC, or need a "please wait" screen and a user decision every time. With
 * incremental auto_vacuum each step here is a short transaction like any other write (N pages,
 * ~1 MB), taken between the app's own writes, and nothing is asked of the user. The price is one
 * full VACUUM per existing file to switch the mode (SQLite records it in the file header and only
 * a VACUUM can change it on a file with tables): it runs once, at start-up, in the upgrade worker
 * before the main connection opens, under the start-up screen (`switchToIncrementalVacuum`). New
 * files are created incremental (openDatabase). It is not a migration step because VACUUM cannot
 * run inside the migrations' single transaction and changes no schema.
 */

/** Free pages moved out per incremental_vacuum step: 256 pages of 4 KiB = 1 MiB, a few ms. */
export const RECLAIM_PAGES_PER_STEP = 256;
/** FTS5 `merge` pages per step (negative: merge even a level with few segments, which drops tombstones). */
const MERGE_PAGES_PER_STEP = -64;
/** A reclaim never runs more steps than this (about 4 GiB of free pages); the next trigger goes on. */
const MAX_STEPS = 4_096;
/** Pause between steps so the app's writes and the worker's other jobs come first. */
const PAUSE_BETWEEN_STEPS_MS = 20;

/**
 * The full-text tables a deletion leaves tombstones in. Merging one rewrites its index (the
 * whole of it once the deleted part is large), so a caller names only those its deletion touched
 * heavily: an import undo `contacts_fts`, a large "clear calls older than" `call_log_fts` and `call_log_grams`.
 */
export type FullTextTable = 'contacts_fts' | 'call_log_fts' | 'call_log_grams';

/** Every full-text table of the current schema (backups compact and check each). */
export const FULL_TEXT_TABLES: readonly FullTextTable[] = ['contacts_fts', 'call_log_fts', 'call_log_grams'];

/** `PRAGMA auto_vacuum` of `db`: 0 none, 1 full, 2 incremental. */
export function autoVacuumMode(db: DatabaseSync): 0 | 1 | 2 {
  return (db.prepare('PRAGMA auto_vacuum').get() as { auto_vacuum: 0 | 1 | 2 }).auto_vacuum;
}

/** Pages on the freelist of `db` (PRAGMA freelist_count; 4 KiB each by default). */
export function freePages(db: DatabaseSync): number {
  return (db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
}

/**
 * One bounded step of reclaiming space in `db` (a write connection): an FTS5 merge step on the
 * first table of `merging` that still has work (a table with none is taken out of the set), else, when the file is incremental, one
 * incremental_vacuum of RECLAIM_PAGES_PER_STEP pages. Returns false once there is nothing left to
 * do (or, for a file not in incremental mode, once the indexes are merged). SQLite errors
 * (SQLITE_BUSY after the connection's timeout) are thrown; nothing is lost, the step is redone later.
 */
export function reclaimStep(db: DatabaseSync, merging: Set<FullTextTable>): boolean {
  for (const table of merging) {
    const before = totalChanges(db);
    db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ?)`).run(MERGE_PAGES_PER_STEP);
    // FTS5: "if the difference is less than 2, the merge had nothing to do".
    if (totalChanges(db) - before >= 2) return true;
    merging.delete(table);
  }
  if (autoVacuumMode(db) !== 2 || freePages(db) === 0) return false;
  db.exec(`PRAGMA incremental_vacuum(${RECLAIM_PAGES_PER_STEP})`);
  return freePages(db) > 0;
}

/**
 * Reclaims the space freed in the database `db` (a write connection of the caller's, left open)
 * step by step (reclaimStep: merging the full-text tables in `merge`, then the freelist), pausing between steps, until nothing is left, `signal` aborts or
 * MAX_STEPS ran. Resolves with the free pages before and after and the steps run. Throws what a
 * step throws (the steps done stay done).
 */
export async function reclaimSpace(
  db: DatabaseSync,
  options: { merge?: readonly FullTextTable[]; signal?: AbortSignal; pauseMs?: number } = {},
): Promise<{ freePagesBefore: number; freePagesAfter: number; steps: number }> {
  const freePagesBefore = freePages(db);
  const merging = new Set(options.merge ?? []);
  let steps = 0;
  while (steps < MAX_STEPS && options.signal?.aborted !== true) {
    steps++;
    if (!reclaimStep(db, merging)) break;
    await sleep(options.pauseMs ?? PAUSE_BETWEEN_STEPS_MS);
  }
  return { freePagesBefore, freePagesAfter: freePages(db), steps };
}

/**
 * Switches the database `db` (a connection no other holds: the upgrade worker's, or a restore's
 * staged copy) to `auto_vacuum = INCREMENTAL` with one full VACUUM, which also drops every free
 * page now. Does nothing (returns false) when it is incremental already. VACUUM is atomic: if it
 * fails (a full disk: it needs about the live data's size again) the file is as it was; the error
 * is thrown for the caller to log.
 */
export function switchToIncrementalVacuum(db: DatabaseSync): boolean {
  if (autoVacuumMode(db) === 2) return false;
  db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return true;
}

function totalChanges(db: DatabaseSync): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}
