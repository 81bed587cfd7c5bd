import type { DatabaseSync } from 'node:sqlite';

let savepointCounter = 0;

/**
 * Runs `work` atomically. Nests through savepoints, so repositories can call each other.
 * `work` must be synchronous: an `await` inside would let other callers' writes join this
 * transaction (one connection is shared by the whole main process).
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
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
