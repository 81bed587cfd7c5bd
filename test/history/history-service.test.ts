import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import { createHistoryService } from '../../src/main/core/history/history-service.ts';
import { JobRegistry } from '../../src/main/core/io/jobs.ts';
import { runWithActivity } from '../../src/main/core/request-activity.ts';
import { createStore } from '../../src/main/core/store/index.ts';
import { defaultSettings, type Settings } from '../../src/shared/settings.ts';
import type { JobProgress } from '../../src/shared/import-export.ts';
import { databaseWorkers, rejection, tempDir } from '../io/support.ts';
import { seedLargeDataDir } from '../support/seed-large.ts';
import { callRecord, endedConnected } from '../store/support-records.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');

/**
 * The history service as createCore wires it: a store in dataDir, the two database workers, events;
 * with `seededCalls`, that many calls placed 400 days before NOW and earlier (test/support/seed-large.ts).
 */
function app(seededCalls = 0) {
  const dataDir = tempDir('hoiio-history-');
  if (seededCalls > 0) seedLargeDataDir(dataDir, { calls: seededCalls, contacts: 1, now: NOW.getTime() - 400 * DAY });
  const store = createStore({ dataDir, checkpointIntervalMs: 0 });
  const events = new TypedEmitter<CoreEventMap>();
  const workers = databaseWorkers(store);
  let settings: Settings = defaultSettings();
  const service = createHistoryService({
    db: () => store.db,
    callLog: store.callLog,
    dataDir,
    events,
    workers,
    jobs: new JobRegistry(),
    settings: () => settings,
    now: () => NOW,
  });
  const seen: { name: string; payload: unknown }[] = [];
  for (const name of ['callNotesChanged', 'callLogChanged', 'contactsChanged', 'importExportProgress'] as const)
    events.on(name, (payload) => seen.push({ name, payload }));
  const setRetention = (days: number | null) => {
    settings = { ...settings, history: { retentionDays: days } };
  };
  return { dataDir, store, service, seen, setRetention };
}

function addCalls(store: ReturnType<typeof app>['store'], ages: readonly number[]) {
  ages.forEach((days, index) =>
    store.callLog.insert(
      callRecord({
        id: `call-${index}`,
        mode: index % 2 === 0 ? 'live' : 'sandbox',
        createdAt: new Date(NOW.getTime() - days * DAY).toISOString(),
        ...endedConnected({ txnRef: `TX-${index}`, durationMinutes: 2 }),
      }),
    ),
  );
}

describe('history service (store + database workers)', () => {
  it('sets a note through the contract shape and tells the windows the note text', async () => {
    const { store, service, seen } = app();
    addCalls(store, [1]);
    const saved = await service.api.notes.set({ callId: 'call-0', body: 'ask for Priya' });
    expect(saved).toMatchObject({ author: 'me', body: 'ask for Priya' });
    expect(await service.api.notes.get({ callId: 'call-0' })).toMatchObject({ body: 'ask for Priya' });
    expect(seen).toContainEqual({ name: 'callNotesChanged', payload: { callId: 'call-0', note: 'ask for Priya' } });
    expect(await service.api.notes.set({ callId: 'call-0', body: '' })).toBeNull();
    expect(seen.at(-1)).toEqual({ name: 'callNotesChanged', payload: { callId: 'call-0', note: null } });
    store.close();
  });

  it('clears by age and applies the retention setting in the jobs worker, telling the windows', async () => {
    const { store, service, seen, setRetention } = app();
    addCalls(store, [1, 10, 40, 100, 400]);
    expect(await service.applyRetention()).toBe(0); // keep forever: nothing deleted
    expect(store.callLog.count()).toBe(5);
    setRetention(90);
    expect(await service.applyRetention()).toBe(2);
    expect(store.callLog.count()).toBe(3);
    expect(seen).toContainEqual({ name: 'callLogChanged', payload: { reason: 'cleared', ids: [] } });
    expect(await service.api.callLog.clearOlderThan({ days: 30 })).toEqual({ deleted: 1 });
    expect(store.callLog.count()).toBe(2);
    store.close();
  });

  it('clearing many calls tells the request it works for, after each batch, that it is still working', async () => {
    // 4,500 old calls: batches of 2,000, 2,000 and 500; the request hears of the first two as they end.
    const { store, service } = app(4_500);
    let renewals = 0;
    const cleared = await runWithActivity(
      () => renewals++,
      () => service.api.callLog.clearOlderThan({ days: 30 }),
    );
    expect(cleared).toEqual({ deleted: 4_500 });
    expect(renewals).toBe(2);
    store.close();
  });

  it('top contacts answer from the queries worker, live calls only when asked', async () => {
    const { store, service } = app();
    addCalls(store, [1, 2, 3]);
    const all = await service.api.callLog.topContacts({ search: '', limit: 10 });
    expect(all.byMinutes[0]).toMatchObject({ number: '+14155550100', calls: 3, minutes: 6 });
    const live = await service.api.callLog.topContacts({ search: '', mode: 'live', limit: 10 });
    expect(live.byMinutes[0]).toMatchObject({ calls: 2, minutes: 4 });
    store.close();
  });

  it('backs up and restores through the jobs worker; a refused file changes nothing', async () => {
    const { store, service, seen } = app();
    addCalls(store, [1, 2]);
    await service.api.notes.set({ callId: 'call-0', body: 'before the backup' });
    const folder = tempDir('hoiio-backups-');
    const file = path.join(folder, 'backup.db');
    const result = await service.api.database.backup({ jobId: crypto.randomUUID(), path: file });
    expect(result).toMatchObject({ path: file, calls: 2, contacts: 0 });
    // Phases with nothing to count (the screen words the phase alone, under an indeterminate bar).
    const backupProgress = seen.flatMap((event) =>
      event.name === 'importExportProgress' && (event.payload as JobProgress).kind === 'backup'
        ? [event.payload as JobProgress]
        : [],
    );
    expect(backupProgress.map(({ phase, processed, total }) => [phase, processed, total])).toEqual([
      ['writing', 0, 0],
      ['verifying', 0, 0],
    ]);

    await service.api.notes.set({ callId: 'call-0', body: 'after the backup' });
    store.callLog.insert(callRecord({ id: 'late', ...endedConnected({ txnRef: 'TX-late' }) }));

    const foreign = path.join(folder, 'other.db');
    writeFileSync(foreign, 'x'.repeat(4096));
    const refused = await rejection(
      service.api.database.restore({ jobId: crypto.randomUUID(), path: foreign }),
      'import',
    );
    expect(refused.key).toBe('restore.notDatabase');
    expect(store.callLog.count()).toBe(3);

    const restored = await service.api.database.restore({ jobId: crypto.randomUUID(), path: file });
    expect(restored).toMatchObject({ calls: 2, contacts: 0 });
    expect(existsSync(restored.previousKeptAt)).toBe(true);
    expect(store.callLog.count()).toBe(2);
    expect((await service.api.notes.get({ callId: 'call-0' }))?.body).toBe('before the backup');
    expect(seen).toContainEqual({ name: 'callLogChanged', payload: { reason: 'replaced', ids: [] } });
    // The backup is never written inside the app's data folder.
    expect(readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
    store.close();
  });

  it('a note on a live call is allowed; deleting it is not until it ends', async () => {
    const { store, service } = app();
    store.callLog.insert(callRecord({ id: 'live-call' }));
    expect(await service.api.notes.set({ callId: 'live-call', body: 'on hold music' })).toMatchObject({
      body: 'on hold music',
    });
    const refused = await rejection(service.api.callLog.delete({ ids: ['live-call'] }), 'export');
    expect(refused.key).toBe('history.callInProgress');
    store.close();
  });
});
