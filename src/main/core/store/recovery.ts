import { existsSync, renameSync, rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database.ts';

/**
 * Recovering a damaged database without losing what can still be read (issue 8). Two halves:
 * - `copyReadableRows` (database worker): every row SQLite can still read from the damaged file
 *   goes into a new file with the current schema, chunk by chunk, row by row where a chunk fails.
 * - `trackChangesSinceStart` + `copyChangesSinceStart` (main connection, the one writer): temp
 *   triggers record which rows this session wrote; the final short step copies those rows over
 *   the worker's copy, so writes acknowledged while the worker copied are kept too.
 */

/** Rows per INSERT ... SELECT while copying; a failing chunk is retried row by row. */
const CHUNK_ROWS = 2_000;

export interface CopyReport {
  /** Rows copied per table. */
  readonly copied: Record<string, number>;
  /** Rows (or, for contact numbers, contacts) that could not be read. */
  readonly unreadable: Record<string, number>;
}

/** Tables with a rowid, copied by rowid ranges (parents before children). */
const ROWID_TABLES = ['contacts', 'call_log', 'contact_undo', 'call_log_undo'] as const;

/** A table without a rowid whose rows belong to a row of a rowid table (copied after it). */
interface ChildTable {
  readonly table: string;
  /** The column holding the parent's id. */
  readonly parentColumn: string;
  readonly parentTable: (typeof ROWID_TABLES)[number];
  /** Which copied parents can have rows here (SQL condition on the parent table), to try one by one. */
  readonly parentsWithRows: string;
}

/** contact_phones and call_notes (the call's note_text came with its call_log row). */
const CHILD_TABLES: readonly ChildTable[] = [
  { table: 'contact_phones', parentColumn: 'contact_id', parentTable: 'contacts', parentsWithRows: 'true' },
  { table: 'call_notes', parentColumn: 'call_id', parentTable: 'call_log', parentsWithRows: 'note_text IS NOT NULL' },
];

/**
 * Creates `targetFile` (replacing nothing: it must not exist) with the current schema and copies
 * into it every readable row of `damagedFile`. Synchronous and long (reads the whole file): run
 * it in the database worker. The full-text index is rebuilt at the end.
 */
export function copyReadableRows(damagedFile: string, targetFile: string): CopyReport {
  if (existsSync(targetFile)) throw new Error(`${targetFile} exists already: refusing to overwrite it.`);
  const target = openDatabase(targetFile, { integrityCheck: 'never' });
  const copied: Record<string, number> = {};
  const unreadable: Record<string, number> = {};
  try {
    target.exec('PRAGMA foreign_keys = OFF'); // children of unreadable parents are dropped below, not refused
    target.prepare('ATTACH DATABASE ? AS damaged').run(damagedFile);
    for (const table of ROWID_TABLES) {
      const result = copyByRowid(target, table);
      copied[table] = result.copied;
      unreadable[table] = result.unreadable;
    }
    for (const child of CHILD_TABLES) {
      const result = copyByParent(target, child);
      copied[child.table] = result.copied;
      unreadable[child.table] = result.unreadable;
    }
    target.exec('DETACH DATABASE damaged');
    for (const { table, parentColumn, parentTable } of CHILD_TABLES) {
      target.exec(`DELETE FROM ${table} WHERE ${parentColumn} NOT IN (SELECT id FROM ${parentTable})`);
    }
    target.exec("INSERT INTO call_log_fts (call_log_fts) VALUES ('rebuild')");
    target.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    target.close();
  }
  return { copied, unreadable };
}

/**
 * Copies a table in chunks of up to CHUNK_ROWS rowids listed in order from the damaged file
 * (call_log's seq is time-ordered, so its rowids are far apart: chunks follow the rows, not the
 * number line); a chunk that fails is retried row by row. A listing stops where it meets a
 * damaged page: every rowid before it is kept, and the copy goes on from the first rowid past the
 * damage (firstListableAfter), so only the rows on damaged pages are lost. At most
 * DAMAGED_STRETCHES damaged stretches are stepped over (bounds the work on a ruined file).
 * `unreadable` counts the damaged stretches and the listed rows that could not be read.
 */
function copyByRowid(target: DatabaseSync, table: string): { copied: number; unreadable: number } {
  const listFrom = target.prepare(`SELECT rowid AS r FROM damaged.${table} WHERE rowid >= ? ORDER BY rowid`);
  const chunk = target.prepare(
    `INSERT OR IGNORE INTO main.${table} SELECT * FROM damaged.${table} WHERE rowid BETWEEN ? AND ?`,
  );
  const one = target.prepare(`INSERT OR IGNORE INTO main.${table} SELECT * FROM damaged.${table} WHERE rowid = ?`);
  const firstFrom = target.prepare(`SELECT rowid AS r FROM damaged.${table} WHERE rowid >= ? ORDER BY rowid LIMIT 1`);
  /** Whether rowids from `from` on can be listed (a seek there does not land on a damaged page). */
  const listable = (from: number): boolean => {
    try {
      firstFrom.get(from);
      return true;
    } catch {
      return false;
    }
  };
  let copied = 0;
  let unreadable = 0;
  let from = Number.MIN_SAFE_INTEGER;
  for (let stretches = 0; stretches <= DAMAGED_STRETCHES;) {
    const { rowids, damaged } = listRowids(listFrom, from, CHUNK_ROWS);
    if (rowids.length > 0) {
      const result = copyRows(target, chunk, one, rowids);
      copied += result.copied;
      unreadable += result.unreadable;
      from = rowids.at(-1)! + 1;
    }
    if (damaged) {
      unreadable++;
      stretches++;
      const next = firstListableAfter(from, listable);
      if (next === null) break;
      from = next;
    } else if (rowids.length < CHUNK_ROWS) break;
  }
  return { copied, unreadable };
}

/** Damaged stretches of one table stepped over before the rest of it is given up (each costs ~100 seeks). */
const DAMAGED_STRETCHES = 4_096;

/**
 * Up to `limit` rowids from `from` on, in order, read one by one so that those before a damaged
 * page are kept; `damaged` when the listing stopped at one.
 */
function listRowids(
  listFrom: ReturnType<DatabaseSync['prepare']>,
  from: number,
  limit: number,
): { rowids: number[]; damaged: boolean } {
  const rowids: number[] = [];
  try {
    for (const row of listFrom.iterate(from)) {
      rowids.push(Number((row as { r: number | bigint }).r));
      if (rowids.length >= limit) break;
    }
    return { rowids, damaged: false };
  } catch {
    return { rowids, damaged: true };
  }
}

/**
 * The smallest rowid above `from` where a listing can start again (the first key past the
 * damaged page a seek to `from` lands on), or null when none up to the largest safe integer:
 * steps of doubling size find a listable point, then halving narrows to the first one. Seeks past
 * a damaged leaf land on the next leaf, so listable points form a range above the damage.
 */
function firstListableAfter(from: number, listable: (from: number) => boolean): number | null {
  let failed = from;
  let step = 1;
  let found = Math.min(from + step, Number.MAX_SAFE_INTEGER);
  while (!listable(found)) {
    if (found === Number.MAX_SAFE_INTEGER) return null;
    failed = found;
    step *= 2;
    found = Math.min(from + step, Number.MAX_SAFE_INTEGER);
  }
  while (found - failed > 1) {
    const middle: number = failed + Math.floor((found - failed) / 2);
    if (listable(middle)) found = middle;
    else failed = middle;
  }
  return found;
}

/** Copies the listed `rowids` (ascending) in one statement, or one by one when that fails. */
function copyRows(
  target: DatabaseSync,
  chunk: ReturnType<DatabaseSync['prepare']>,
  one: ReturnType<DatabaseSync['prepare']>,
  rowids: readonly number[],
): { copied: number; unreadable: number } {
  target.exec('BEGIN');
  try {
    const copied = Number(chunk.run(rowids[0]!, rowids.at(-1)!).changes);
    target.exec('COMMIT');
    return { copied, unreadable: 0 };
  } catch {
    target.exec('ROLLBACK');
  }
  let copied = 0;
  let unreadable = 0;
  for (const rowid of rowids) {
    try {
      copied += Number(one.run(rowid).changes);
    } catch {
      unreadable++;
    }
  }
  return { copied, unreadable };
}

/**
 * Copies a child table (no rowid) all at once; if that fails, parent by parent for every parent
 * already copied into the target (a parent whose rows cannot be read counts one unreadable).
 */
function copyByParent(target: DatabaseSync, child: ChildTable): { copied: number; unreadable: number } {
  const { table, parentColumn, parentTable, parentsWithRows } = child;
  try {
    return {
      copied: Number(target.prepare(`INSERT INTO main.${table} SELECT * FROM damaged.${table}`).run().changes),
      unreadable: 0,
    };
  } catch {
    const parents = target.prepare(`SELECT id FROM main.${parentTable} WHERE ${parentsWithRows}`).all() as {
      id: string;
    }[];
    const one = target.prepare(
      `INSERT OR IGNORE INTO main.${table} SELECT * FROM damaged.${table} WHERE ${parentColumn} = ?`,
    );
    let copied = 0;
    let unreadable = 0;
    for (const { id } of parents) {
      try {
        copied += Number(one.run(id).changes);
      } catch {
        unreadable++;
      }
    }
    return { copied, unreadable };
  }
}

/**
 * Temp triggers on the main connection recording the ids of contacts and calls written from now
 * on (they live in this connection's temp schema: the file is not changed).
 */
export function trackChangesSinceStart(db: DatabaseSync): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS changed_calls (id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS changed_contacts (id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TEMP TRIGGER IF NOT EXISTS track_call_insert AFTER INSERT ON main.call_log
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (new.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_call_update AFTER UPDATE ON main.call_log
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (new.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_call_delete AFTER DELETE ON main.call_log
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (old.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_note_insert AFTER INSERT ON main.call_notes
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (new.call_id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_note_update AFTER UPDATE ON main.call_notes
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (new.call_id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_note_delete AFTER DELETE ON main.call_notes
      BEGIN INSERT OR IGNORE INTO changed_calls VALUES (old.call_id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_contact_insert AFTER INSERT ON main.contacts
      BEGIN INSERT OR IGNORE INTO changed_contacts VALUES (new.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_contact_update AFTER UPDATE ON main.contacts
      BEGIN INSERT OR IGNORE INTO changed_contacts VALUES (new.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_contact_delete AFTER DELETE ON main.contacts
      BEGIN INSERT OR IGNORE INTO changed_contacts VALUES (old.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS track_phones AFTER INSERT ON main.contact_phones
      BEGIN INSERT OR IGNORE INTO changed_contacts VALUES (new.contact_id); END;
  `);
}

/** Drops what trackChangesSinceStart created (the check found the file sound). */
export function stopTrackingChanges(db: DatabaseSync): void {
  db.exec(`
    DROP TRIGGER IF EXISTS temp.track_call_insert; DROP TRIGGER IF EXISTS temp.track_call_update;
    DROP TRIGGER IF EXISTS temp.track_call_delete; DROP TRIGGER IF EXISTS temp.track_note_insert;
    DROP TRIGGER IF EXISTS temp.track_note_update; DROP TRIGGER IF EXISTS temp.track_note_delete;
    DROP TRIGGER IF EXISTS temp.track_contact_insert; DROP TRIGGER IF EXISTS temp.track_contact_update;
    DROP TRIGGER IF EXISTS temp.track_contact_delete; DROP TRIGGER IF EXISTS temp.track_phones;
    DROP TABLE IF EXISTS temp.changed_calls; DROP TABLE IF EXISTS temp.changed_contacts;
  `);
}

/**
 * The short final step, on the main connection: the rows this session wrote (tracked by the
 * temp triggers) replace their copies in `recoveredFile`, deleted contacts are deleted there too.
 * Returns how many calls and contacts were carried over.
 */
export function copyChangesSinceStart(db: DatabaseSync, recoveredFile: string): { calls: number; contacts: number } {
  db.prepare('ATTACH DATABASE ? AS recovered').run(recoveredFile);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(`
        DELETE FROM recovered.call_log WHERE id IN (SELECT id FROM temp.changed_calls);
        INSERT INTO recovered.call_log SELECT * FROM main.call_log WHERE id IN (SELECT id FROM temp.changed_calls);
        DELETE FROM recovered.call_notes WHERE call_id IN (SELECT id FROM temp.changed_calls);
        INSERT INTO recovered.call_notes SELECT * FROM main.call_notes WHERE call_id IN (SELECT id FROM temp.changed_calls);
        DELETE FROM recovered.call_log_undo;
        INSERT INTO recovered.call_log_undo SELECT * FROM main.call_log_undo;
        DELETE FROM recovered.contact_phones WHERE contact_id IN (SELECT id FROM temp.changed_contacts);
        DELETE FROM recovered.contacts WHERE id IN (SELECT id FROM temp.changed_contacts);
        INSERT INTO recovered.contacts SELECT * FROM main.contacts WHERE id IN (SELECT id FROM temp.changed_contacts);
        INSERT INTO recovered.contact_phones SELECT * FROM main.contact_phones
          WHERE contact_id IN (SELECT id FROM temp.changed_contacts);
      `);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    const count = (table: string): number =>
      (db.prepare(`SELECT count(*) AS n FROM temp.${table}`).get() as { n: number }).n;
    return { calls: count('changed_calls'), contacts: count('changed_contacts') };
  } finally {
    db.exec('DETACH DATABASE recovered');
  }
}

/** Moves a finished recovered file (with its -wal, if SQLite left one) into `file`'s place. */
export function putInPlace(recoveredFile: string, file: string): void {
  rmSync(`${recoveredFile}-shm`, { force: true }); // rebuilt from the WAL by the next connection
  if (existsSync(`${recoveredFile}-wal`)) renameSync(`${recoveredFile}-wal`, `${file}-wal`);
  renameSync(recoveredFile, file);
}
