import path from 'node:path';
import { onTestFinished } from 'vitest';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from '../../src/main/core/events.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { createDataServices } from '../../src/main/core/data-services.ts';
import type { IpcResult } from '../../src/shared/errors.ts';
import { DatabaseWorker } from '../../src/main/core/workers/database-worker-client.ts';
import { callLogHandlers } from '../../src/main/core/handlers/call-log.ts';
import { contactsHandlers } from '../../src/main/core/handlers/contacts.ts';
import { importExportHandlers } from '../../src/main/core/handlers/import-export.ts';
import { databaseHandlers } from '../../src/main/core/handlers/database.ts';
import { defaultSettings } from '../../src/shared/settings.ts';
import type { CoreApi } from '../../src/shared/contract.ts';
import type { CountryCode } from '../../src/shared/phone.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import type { Contact } from '../../src/shared/contacts.ts';
import type { ImportEntry } from '../../src/shared/import-export.ts';
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

/**
 * The data namespaces (contacts, call log, import/export) as createCore wires them: the real
 * services (createDataServices) and handler files over `store`, with `defaultCountry` as the
 * settings' default country.
 */
export function dataHandlers(options: {
  readonly store: Store;
  readonly dataDir: string;
  readonly events: CoreEvents;
  readonly defaultCountry: CountryCode;
  readonly workers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
}): { api: Pick<CoreApi, 'contacts' | 'callLog' | 'importExport' | 'database'>; close(): void } {
  const { store, dataDir, events, defaultCountry, workers } = options;
  const settings = { ...defaultSettings(), defaultCountry };
  const { contacts, callLog, importExport, history, close } = createDataServices({
    dataDir,
    store,
    workers,
    events,
    settings: { get: () => settings, onChange: () => () => undefined },
    logger: { info() {}, warn() {}, error() {} },
  });
  return {
    api: {
      contacts: contactsHandlers(contacts),
      callLog: callLogHandlers(callLog, importExport, history),
      importExport: importExportHandlers(importExport),
      database: databaseHandlers(history),
    },
    close,
  };
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

const silent = { error: () => {}, warn: () => {} };

/**
 * The data layer's operations behind the real dispatch (contract validation in and out), over a
 * fresh store and real worker threads. The user's default country is Singapore.
 */
export function dataApiHarness() {
  const store = freshStore();
  const events = new TypedEmitter<CoreEventMap>();
  const data = dataHandlers({
    store,
    dataDir: path.dirname(store.filePath),
    events,
    defaultCountry: 'SG',
    workers: databaseWorkers(store),
  });
  const seen: { name: keyof CoreEventMap; payload: unknown }[] = [];
  events.on('contactsChanged', (payload) => seen.push({ name: 'contactsChanged', payload }));
  events.on('importExportProgress', (payload) => seen.push({ name: 'importExportProgress', payload }));
  const call = (channel: string, input?: unknown): Promise<IpcResult<unknown>> =>
    dispatch(data.api as unknown as CoreApi, channel, input, silent);
  const value = async <T>(channel: string, input?: unknown): Promise<T> => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  return { store, data, events, seen, call, value };
}

/**
 * Report entries without their catalogue parts (key, params, problems), for assertions on the
 * English `reason` the core words from the same catalogue (test/io/import-reasons.test.ts checks the parts).
 */
export function plainEntries(entries: readonly ImportEntry[]): Omit<ImportEntry, 'key' | 'params' | 'problems'>[] {
  return entries.map(({ key: _key, params: _params, problems: _problems, ...plain }) => plain);
}
