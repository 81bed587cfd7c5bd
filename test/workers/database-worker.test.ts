import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import { createStore } from '../../src/main/core/store/index.ts';
import { DatabaseWorker } from '../../src/main/core/workers/database-worker-client.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { ImportReport, JobProgress } from '../../src/shared/import-export.ts';
import { databaseWorkers, dataHandlers, rejection, tempDir } from '../io/support.ts';
import { callRecord, endedConnected } from '../store/support-records.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A CSV address book of `count` contacts with distinct UK mobile numbers. */
function addressBook(count: number, offset = 0): string {
  const lines = Array.from(
    { length: count },
    (_, index) => `Person ${offset + index},+4477009${String(offset + index).padStart(5, '0')}`,
  );
  const file = path.join(tempDir('hoiio-book-'), `book-${count}.csv`);
  writeFileSync(file, `Name,Phone\r\n${lines.join('\r\n')}\r\n`);
  return file;
}

/** The data layer as createCore wires it: a store in dataDir and the two database workers. */
function app() {
  const dataDir = tempDir('hoiio-data-');
  const store = createStore({ dataDir, checkpointIntervalMs: 0 });
  const events = new TypedEmitter<CoreEventMap>();
  const workers = databaseWorkers(store);
  const data = dataHandlers({ store, dataDir, events, defaultCountry: 'GB', workers });
  const progress: JobProgress[] = [];
  events.on('importExportProgress', (event) => progress.push(event));
  const importBook = (file: string, jobId: string = crypto.randomUUID()): Promise<ImportReport> =>
    data.api.importExport.importContacts({
      jobId,
      path: file,
      format: 'auto',
      defaultCountry: 'GB',
      duplicates: 'merge',
      encoding: 'auto',
    });
  const stagingLeft = (): string[] =>
    existsSync(path.join(dataDir, 'staging')) ? readdirSync(path.join(dataDir, 'staging')) : [];
  return { dataDir, store, events, workers, data, progress, importBook, stagingLeft };
}

describe('the database worker', () => {
  it('imports through the worker with progress events, then the contacts are in the app database', async () => {
    const { store, progress, importBook, stagingLeft } = app();
    const report = await importBook(addressBook(3_000));
    expect(report.counts).toEqual({ imported: 3_000, merged: 0, skipped: 0, rejected: 0 });
    expect(store.contacts.count()).toBe(3_000);
    expect(new Set(progress.map((event) => event.phase))).toEqual(new Set(['reading', 'checking', 'saving']));
    expect(progress.at(-1)).toMatchObject({ phase: 'saving', processed: 3_000, total: 3_000 });
    expect(stagingLeft()).toEqual([]);
    store.close();
  });

  it('merges an import into contacts that already exist, found through the staged copy', async () => {
    const { store, importBook } = app();
    await importBook(addressBook(10));
    store.contacts.update({
      id: store.contacts.list({ search: 'Person 3' }).items[0]!.id,
      name: 'Person 3',
      company: 'Kept Ltd',
      notes: '',
      favourite: true,
      phones: [{ label: 'mobile', number: '+447700900003' }],
    });
    const again = await importBook(addressBook(12));
    expect(again.counts).toMatchObject({ imported: 2, rejected: 0 });
    expect(again.counts.merged + again.counts.skipped).toBe(10);
    expect(store.contacts.count()).toBe(12);
    const kept = store.contacts.list({ search: 'Person 3' }).items.find((contact) => contact.name === 'Person 3')!;
    expect(kept).toMatchObject({ company: 'Kept Ltd', favourite: true });
    store.close();
  });

  it('cancels an import running in the worker: cancelled, nothing imported, no staging file left', async () => {
    const { store, events, data, importBook, stagingLeft } = app();
    const jobId = crypto.randomUUID();
    let cancelled: Promise<{ cancelled: boolean }> | undefined;
    events.on('importExportProgress', (event) => {
      if (event.jobId === jobId) cancelled ??= data.api.importExport.cancel({ jobId });
    });
    const failure = await rejection(importBook(addressBook(30_000), jobId), 'import');
    expect(failure.code).toBe('cancelled');
    expect(await cancelled).toEqual({ cancelled: true });
    expect(store.contacts.count()).toBe(0);
    expect(stagingLeft()).toEqual([]);
    store.close();
  });

  it('a worker killed mid-import: a clear error, nothing half-imported, and the next import works', async () => {
    const { store, events, workers, importBook, stagingLeft } = app();
    await importBook(addressBook(5)); // some contacts already there
    let killed: Promise<void> | undefined;
    const stop = events.on('importExportProgress', () => {
      killed ??= workers.jobs.kill();
    });
    const failure = await rejection(importBook(addressBook(30_000, 100)), 'import');
    stop();
    await killed;
    expect(failure).toBeInstanceOf(AppError);
    expect(failure.code).toBe('storage');
    expect(failure.message).toMatch(/stopped unexpectedly.*Nothing was changed: try again/);
    expect(store.contacts.count()).toBe(5);
    expect(workers.jobs.crashes).toBe(1);
    expect(stagingLeft()).toEqual([]);

    const next = await importBook(addressBook(50, 1_000));
    expect(next.counts.imported).toBe(50);
    expect(store.contacts.count()).toBe(55);
    store.close();
  });

  it('answers searches, totals and call updates while an import runs in the worker', async () => {
    const { store, events, data, importBook } = app();
    store.callLog.insert(callRecord({ id: 'during' }));
    let importFinished = false;
    const running = importBook(addressBook(20_000)).then((report) => {
      importFinished = true;
      return report;
    });
    // Wait until the worker reports the import under way.
    await new Promise<void>((resolve) => {
      const stop = events.on('importExportProgress', () => {
        stop();
        resolve();
      });
    });
    const page = await data.api.callLog.query({ search: '', offset: 0, limit: 50 });
    const totals = await data.api.callLog.totals({ search: '', period: 'month', timeZone: 'utc' });
    const updated = store.callLog.update('during', endedConnected());
    expect(importFinished).toBe(false);
    expect(page.items.map((item) => item.id)).toEqual(['during']);
    expect(totals.overall.calls).toBe(1);
    expect(updated.state).toBe('ended');
    const after = await data.api.callLog.query({ search: '', offset: 0, limit: 50 });
    expect(after.items[0]).toMatchObject({ id: 'during', state: 'ended' });
    expect((await running).counts.imported).toBe(20_000);
    store.close();
  }, 120_000); // a 20,000-contact import on two shared, loaded cores

  it('a conflicting edit made during the import fails it with conflict and writes nothing', async () => {
    const { store, events, importBook } = app();
    await importBook(addressBook(3));
    const person = store.contacts.list({ search: 'Person 1' }).items[0]!;
    let edited = false;
    events.on('importExportProgress', (event) => {
      if (edited || event.phase !== 'checking') return;
      edited = true;
      store.contacts.update({
        id: person.id,
        name: person.name,
        company: 'Edited meanwhile',
        notes: '',
        favourite: false,
        phones: [{ label: 'mobile', number: person.phones[0]!.e164 }],
      });
    });
    // The file adds a company to Person 1 (a merge that changes it), among many new contacts.
    const file = path.join(tempDir('hoiio-book-'), 'merge.csv');
    const rows = Array.from(
      { length: 3_000 },
      (_, index) => `Person ${index + 10},,+4477008${String(index).padStart(5, '0')}`,
    );
    writeFileSync(file, `Name,Company,Phone\r\nPerson 1,New Co,${person.phones[0]!.e164}\r\n${rows.join('\r\n')}\r\n`);
    const failure = await rejection(importBook(file), 'import');
    expect(edited).toBe(true);
    expect(failure.code).toBe('conflict');
    expect(store.contacts.count()).toBe(3);
    store.close();
  });

  it('the BUILT worker bundle (out/main/database-worker.js) runs under Node and answers a query', async () => {
    const bundle = path.join(repoRoot, 'out/main/database-worker.js');
    if (!existsSync(bundle))
      execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'ignore', timeout: 120_000 });
    const dataDir = tempDir('hoiio-built-');
    const store = createStore({ dataDir, checkpointIntervalMs: 0 });
    store.callLog.insert(callRecord({ id: 'built-1', dest2: '+14155550123' }));
    const worker = new DatabaseWorker('built', { databaseFile: store.filePath }, undefined, pathToFileURL(bundle));
    try {
      const page = await worker.request('callLog.query', { search: '5550123', offset: 0, limit: 10 });
      expect(page.items.map((item) => item.id)).toEqual(['built-1']);
      expect(await worker.request('database.quickCheck', {})).toBeNull();
    } finally {
      await worker.close();
      store.close();
    }
  });
});
