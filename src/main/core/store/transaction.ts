import type { DatabaseSync } from 'node:sqlite';
import { rewindWalIfDue } from './checkpointer.ts';

let savepointCounter = 0;

/**
 * Runs `work` atomically. Nests through savepoints, so repositories can call each other.
 * `work` must be synchronous: an `await` inside would let other callers' writes join this
 * transaction (one connection is shared by the whole main process).
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (!db.isTransaction) return outermost(db, work);
  const name = `sp_${++savepointCounter}`;
  db.exec(`SAVEPOINT ${name}`);
  try {
    const result = work();
    if (result instanceof Promise) throw new Error('inTransaction: work must be synchronous');
    db.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    db.exec(`ROLLBACK TO ${name}`);
    db.exec(`RELEASE ${name}`);
    throw error;
  }
}

/**
 * The outermost level takes the write lock up front (BEGIN IMMEDIATE), so a busy lock waits
 * out the connection's busy timeout. A deferred transaction (what SAVEPOINT opens) that reads
 * first and then writes gets SQLITE_BUSY at once, without the busy handler, whenever another
 * connection holds the write lock at that moment (the checkpoint worker's TRUNCATE of a still
 * log does, briefly; so does the jobs worker applying an import). Before it, a connection with a
 * checkpointer rewinds the WAL when it has grown past its threshold (checkpointer.ts).
 */
function outermost<T>(db: DatabaseSync, work: () => T): T {
  rewindWalIfDue(db); // between transactions: the one moment the WAL can be rewound (checkpointer.ts)
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    if (result instanceof Promise) throw new Error('inTransaction: work must be synchronous');
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
