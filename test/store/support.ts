import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { AppError } from '../../src/shared/errors.ts';

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

export { callRecord, endedConnected } from './support-records.ts';
