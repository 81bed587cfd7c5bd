import path from 'node:path';
import { onTestFinished } from 'vitest';
import { DatabaseWorker } from '../../src/main/core/workers/database-worker-client.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import type { Contact } from '../../src/shared/contacts.ts';
import { AppError } from '../../src/shared/errors.ts';
import { tempDir } from '../store/support.ts';

export { tempDir } from '../store/support.ts';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function freshStore(): Store {
  return openStore(path.join(tempDir('hoiio-io-'), 'io.db'));
}

/** The two database worker threads over `store`'s file, as createCore starts them; closed when the test ends. */
export function databaseWorkers(store: Store): { queries: DatabaseWorker; jobs: DatabaseWorker } {
  const workers = {
    queries: new DatabaseWorker('queries', { databaseFile: store.filePath }),
    jobs: new DatabaseWorker('jobs', { databaseFile: store.filePath }),
  };
  onTestFinished(() => Promise.all([workers.queries.close(), workers.jobs.close()]).then(() => undefined));
  return workers;
}

/** The AppError that `work` rejects with; fails the test if it rejects with anything else or resolves. */
export async function rejection(work: Promise<unknown>, what: 'import' | 'export'): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected the ${what} to fail`);
}

/** The contacts as name -> [label, e164][], for compact assertions. */
export function summary(store: Store): Record<string, { company: string; favourite: boolean; phones: string[] }> {
  const all: Contact[] = store.contacts.list({ limit: 200, favouritesFirst: false }).items;
  return Object.fromEntries(
    all.map((contact) => [
      contact.name,
      {
        company: contact.company,
        favourite: contact.favourite,
        phones: contact.phones.map((phone) => `${phone.label}:${phone.e164}`),
      },
    ]),
  );
}
