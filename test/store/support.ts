import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { AppError } from '../../src/shared/errors.ts';
import { callRecord, endedConnected } from './support-records.ts';

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'hoiio-store-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store on a new database in a fresh temporary folder; `now` is its clock. */
export function freshStore(now?: () => Date): Store {
  return openStore(path.join(tempDir(), 'store.db'), { now });
}

/** The AppError that `work` throws; fails the test if it throws anything else or nothing. */
export function errorOf(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

export { callRecord, endedConnected };

/** `minute` minutes after 2024-05-01T10:00:00.000Z, as an ISO 8601 instant. */
export const minuteAt = (minute: number): string =>
  new Date(Date.parse('2024-05-01T10:00:00.000Z') + minute * 60_000).toISOString();

/** Inserts a connected call `id` (txn_ref TX-<id>) created `minute` minutes after the base instant, with `fields` over it. */
export function insertCallAt(store: Store, id: string, minute: number, fields: Partial<CallRecord>): void {
  store.callLog.insert(
    callRecord({
      id,
      createdAt: minuteAt(minute),
      updatedAt: minuteAt(minute),
      ...endedConnected({ txnRef: `TX-${id}` }),
      ...fields,
    }),
  );
}

/**
 * Overwrites three leaf pages from the middle of `table` in a closed database file (dbstat gives
 * the pages), so a scan of that table meets them whatever else migrations put in the file. Rows
 * appended later (higher rowids) go to the table's last leaf, which stays sound.
 */
export function damageTablePages(file: string, table: string): void {
  const db = new DatabaseSync(file, { readOnly: true });
  const pages = (
    db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table) as {
      pageno: number;
    }[]
  ).map((row) => row.pageno);
  const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  db.close();
  const middle = pages.slice(Math.floor(pages.length / 2) - 1, Math.floor(pages.length / 2) + 2);
  if (middle.length !== 3) throw new Error(`${table} has ${pages.length} leaf pages: too few to damage three`);
  const fd = openSync(file, 'r+');
  for (const page of middle) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}
