/**
 * Issue 8 (d): a database from an older version is upgraded in the upgrade worker before the
 * core opens it, with progress; a failed upgrade changes nothing. Real SQLite files at an older
 * schema (test/support/older-schema.ts), real worker threads, the real core.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCore } from '../../src/main/core/index.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { DATABASE_FILE_NAME, openAppStore } from '../../src/main/core/store/index.ts';
import { migrate, openDatabase, schemaVersion, type MigrationProgress } from '../../src/main/core/store/database.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { autoVacuumMode } from '../../src/main/core/store/reclaim.ts';
import type { UpgradeProgress } from '../../src/main/core/workers/protocol.ts';
import { upgradeInWorker } from '../../src/main/core/workers/upgrade-client.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { StartupState } from '../../src/shared/startup.ts';
import { tempDir } from '../store/support.ts';
import {
  FIRST_CALL_LOG_VERSION,
  fileSchemaVersion,
  oldCallNumber,
  olderSchemaDatabase,
  makeUpgradeFail,
} from '../support/older-schema.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const quiet = { info() {}, warn() {}, error() {} };
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A data folder whose database is at the first schema with a call log, holding `calls` calls. */
function olderDataDir(calls: number): { dataDir: string; file: string } {
  const dataDir = tempDir('hoiio-upgrade-');
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  olderSchemaDatabase(file, { calls });
  expect(fileSchemaVersion(file)).toBe(FIRST_CALL_LOG_VERSION);
  expect(FIRST_CALL_LOG_VERSION).toBeLessThan(MIGRATIONS.length);
  return { dataDir, file };
}

/** Turns `file` (closed) into one made before incremental auto_vacuum (store/reclaim.ts): auto_vacuum off. */
function withoutIncrementalVacuum(file: string): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA auto_vacuum = NONE; VACUUM');
  expect(autoVacuumMode(db)).toBe(0);
  db.close();
}

/** Leaves the file as after a crash: a WAL with a committed frame, not checkpointed. */
function leaveUnclean(file: string): DatabaseSync {
  const crashed = new DatabaseSync(file);
  crashed.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0');
  crashed.exec(`UPDATE call_log SET error_message = 'x' WHERE id = 'old-1'`);
  expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
  return crashed; // kept open: a closing last connection would checkpoint
}

describe('the upgrade of an older database', () => {
  it('runs every pending step in the worker, reports each in order, and keeps every call findable', async () => {
    const { dataDir } = olderDataDir(3_000);
    const progress: UpgradeProgress[] = [];
    const store = await openAppStore({ dataDir, checkpointIntervalMs: 0, onUpgradeProgress: (p) => progress.push(p) });
    try {
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      const pending = MIGRATIONS.length - FIRST_CALL_LOG_VERSION;
      // Each step is told as it starts (rows in between are throttled), in order.
      const starts = progress.filter((p) => p.rowsDone === null).map((p) => p.step);
      expect(starts).toEqual(Array.from({ length: pending }, (_, index) => index + 1));
      expect(progress.every((p) => p.phase === 'upgrading' && p.steps === pending)).toBe(true);
      expect(store.callLog.count()).toBe(3_000);
      const found = store.callLog.query({ search: oldCallNumber(1234).slice(-6), offset: 0, limit: 5 });
      expect(found.items.map((call) => call.id)).toEqual(['old-1234']);
      expect(store.integrityCheckDue).toBe(false);
    } finally {
      store.close();
    }
  });

  it('a step that walks rows reports them (migrate, unthrottled)', () => {
    const { file } = olderDataDir(2_500);
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, FIRST_CALL_LOG_VERSION) });
    const progress: MigrationProgress[] = [];
    try {
      migrate(db, MIGRATIONS, (p) => progress.push(p));
      const counted = progress.filter((p) => p.rowsTotal !== null);
      expect(counted.length).toBeGreaterThan(1);
      expect(counted.some((p) => p.rowsTotal === 2_500 && p.rowsDone! > 0)).toBe(true);
      expect(counted.every((p) => p.rowsDone! <= p.rowsTotal!)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('a failing step changes nothing: the file keeps its exact bytes, and the error says what to do', async () => {
    const { dataDir, file } = olderDataDir(500);
    makeUpgradeFail(file);
    const before = sha256(file);
    const error = await openAppStore({ dataDir, checkpointIntervalMs: 0 }).then(
      () => expect.unreachable('the upgrade should fail'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'storage', details: { reason: 'upgrade_failed' } });
    expect((error as AppError).message).toContain('Nothing was changed');
    expect((error as AppError).message).toContain('start the app again');
    expect(sha256(file)).toBe(before);
    expect(fileSchemaVersion(file)).toBe(FIRST_CALL_LOG_VERSION);
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('after an unclean stop it checks the file first, then upgrades; no second check is owed', async () => {
    const { dataDir, file } = olderDataDir(1_000);
    const crashed = leaveUnclean(file);
    const progress: UpgradeProgress[] = [];
    const store = await openAppStore({ dataDir, checkpointIntervalMs: 0, onUpgradeProgress: (p) => progress.push(p) });
    crashed.close();
    try {
      expect(progress[0]?.phase).toBe('checking');
      expect(progress.at(-1)?.phase).toBe('upgrading');
      expect(store.integrityCheckDue).toBe(false);
      expect(store.callLog.getById('old-1')?.errorMessage).toBe('x'); // the crashed session's commit is kept
    } finally {
      store.close();
    }
  });

  it("the switch of an older file to incremental auto_vacuum is counted as the upgrade's last step", async () => {
    const dataDir = tempDir('hoiio-upgrade-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    olderSchemaDatabase(file, { version: MIGRATIONS.length - 1, calls: 100 });
    withoutIncrementalVacuum(file);
    const progress: UpgradeProgress[] = [];
    const store = await openAppStore({ dataDir, checkpointIntervalMs: 0, onUpgradeProgress: (p) => progress.push(p) });
    try {
      // One schema step, then the switch: "step 1 of 2", "step 2 of 2" (never a separate "step 1 of 1").
      expect(progress.filter((p) => p.rowsDone === null).map((p) => [p.step, p.steps])).toEqual([
        [1, 2],
        [2, 2],
      ]);
      expect(progress.every((p) => p.steps === 2)).toBe(true);
      expect(autoVacuumMode(store.db)).toBe(2);
      expect(store.callLog.count()).toBe(100);
    } finally {
      store.close();
    }
  });

  it('the BUILT upgrade worker (out/main/upgrade-worker.js) runs under Node', async () => {
    const bundle = path.join(repoRoot, 'out/main/upgrade-worker.js');
    if (!existsSync(bundle))
      execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'ignore', timeout: 120_000 });
    const { file } = olderDataDir(100);
    const result = await upgradeInWorker({ databaseFile: file, integrityCheck: false, entry: pathToFileURL(bundle) });
    expect(result).toEqual({ from: FIRST_CALL_LOG_VERSION, to: MIGRATIONS.length });
    expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
  });
});

describe('start-up while the database is upgraded', () => {
  it('answers app.getStartup at once with the progress, pushes it, and answers the rest once ready', async () => {
    const { dataDir } = olderDataDir(2_000);
    const starting = startCore({
      dataDir,
      shell: 'browser',
      logger: quiet,
      keychainService: `hoiio-test-${process.pid}`,
    });
    const pushed: StartupState[] = [];
    const upgrading = new Promise<StartupState>((resolve) =>
      starting.events.on('startupChanged', (state) => {
        pushed.push(state);
        if (state.phase === 'upgrading') resolve(state);
      }),
    );
    await upgrading;
    // Answered while the upgrade runs (the core is not ready: no store is open yet).
    const during = await starting.api.app.getStartup();
    expect(['upgrading', 'ready']).toContain(during.phase);
    let readyBeforeInfo = false;
    void starting.ready.then(() => (readyBeforeInfo = true));
    const info = await starting.api.app.getInfo();
    expect(readyBeforeInfo).toBe(true); // every other operation waited for the core
    expect(info.shell).toBe('browser');
    const core = await starting.ready;
    try {
      expect(pushed.at(-1)).toEqual({ phase: 'ready' });
      const percents = pushed.flatMap((state) => (state.phase === 'upgrading' ? [state.percent] : []));
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.every((percent) => percent >= 0 && percent < 100)).toBe(true);
      expect(await core.api.app.getStartup()).toEqual({ phase: 'ready' });
      expect((await core.api.callLog.query({ search: '', offset: 0, limit: 1 })).total).toBe(2_000);
    } finally {
      await core.close();
    }
  }, 90_000);

  it('a request waiting for the upgrade is told at each step that it is still waiting (its timeout renews)', async () => {
    const { dataDir } = olderDataDir(2_000);
    const starting = startCore({
      dataDir,
      shell: 'browser',
      logger: quiet,
      keychainService: `hoiio-test-${process.pid}`,
    });
    let pushed = 0;
    starting.events.on('startupChanged', () => pushed++);
    let renewals = 0;
    // As the browser host sends it, right away: it waits for the core while the upgrade runs.
    const answer = await dispatch(starting.api, 'app:getInfo', undefined, quiet, { onActivity: () => renewals++ });
    const core = await starting.ready;
    try {
      expect(answer.ok).toBe(true);
      // Each upgrade step and 'ready': one renewal per start-up change while it waited.
      expect(renewals).toBe(pushed);
      expect(renewals).toBeGreaterThanOrEqual(2);
    } finally {
      await core.close();
    }
  }, 90_000);

  it('a failed upgrade is pushed as failed with the error, every operation fails with it, the file is unchanged', async () => {
    const { dataDir, file } = olderDataDir(200);
    makeUpgradeFail(file);
    const before = sha256(file);
    const starting = startCore({
      dataDir,
      shell: 'browser',
      logger: quiet,
      keychainService: `hoiio-test-${process.pid}`,
    });
    const pushed: StartupState[] = [];
    starting.events.on('startupChanged', (state) => pushed.push(state));
    await expect(starting.ready).rejects.toMatchObject({ code: 'storage', details: { reason: 'upgrade_failed' } });
    const state = await starting.api.app.getStartup();
    expect(state).toMatchObject({ phase: 'failed', error: { code: 'storage' } });
    expect(pushed.at(-1)).toEqual(state);
    if (state.phase === 'failed') expect(state.error.message).toContain('Nothing was changed');
    await expect(starting.api.callLog.query({ search: '', offset: 0, limit: 1 })).rejects.toMatchObject({
      details: { reason: 'upgrade_failed' },
    });
    expect(sha256(file)).toBe(before);
  });

  it("a switch to incremental auto_vacuum that fails (the file busy) keeps every call and contact, is in the app's log, and is done at the next start", async () => {
    const dataDir = tempDir('hoiio-upgrade-');
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    const contacts = [{ id: 'c-1', name: 'Dana Lim', phones: [{ label: 'work', e164: '+6561234567' }] }];
    olderSchemaDatabase(file, { version: MIGRATIONS.length, calls: 300, contacts });
    withoutIncrementalVacuum(file);
    // Another connection holds the write lock, so the switch's VACUUM fails (SQLITE_BUSY after the
    // busy timeout), as a full disk would; it lets go once the failure is logged.
    const holder = new DatabaseSync(file);
    holder.exec('BEGIN IMMEDIATE');
    const warnings: string[] = [];
    const starting = startCore({
      dataDir,
      shell: 'browser',
      logger: {
        ...quiet,
        warn: (...parts: unknown[]) => {
          warnings.push(parts.map(String).join(' '));
          if (holder.isTransaction) holder.exec('ROLLBACK');
        },
      },
      keychainService: `hoiio-test-${process.pid}`,
    });
    const pushed: StartupState[] = [];
    starting.events.on('startupChanged', (state) => pushed.push(state));
    const core = await starting.ready;
    let logFile: string;
    try {
      // The switch alone: one step, as the start-up screen is told.
      expect(pushed.filter((state) => state.phase === 'upgrading')).toMatchObject([{ step: 1, steps: 1 }]);
      expect((await core.api.callLog.query({ search: '', offset: 0, limit: 1 })).total).toBe(300);
      logFile = (await core.api.app.getInfo()).logFile;
    } finally {
      await core.close();
      holder.close();
    }
    const logged = warnings.filter((line) => line.includes('incremental auto_vacuum failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(file);
    expect(logged[0]).toMatch(/database is locked|busy/i);
    // In the app's log file too (core/logging.ts), not only on the console.
    expect(readFileSync(logFile, 'utf8')).toContain('incremental auto_vacuum failed');
    const check = new DatabaseSync(file, { readOnly: true });
    try {
      expect(autoVacuumMode(check)).toBe(0); // as it was
      expect((check.prepare('SELECT count(*) AS n FROM call_log').get() as { n: number }).n).toBe(300);
      expect(check.prepare('SELECT name FROM contacts').all()).toEqual([{ name: 'Dana Lim' }]);
      expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      check.close();
    }

    // The next start switches it.
    const store = await openAppStore({ dataDir, checkpointIntervalMs: 0 });
    try {
      expect(autoVacuumMode(store.db)).toBe(2);
      expect(store.callLog.count()).toBe(300);
      expect(store.contacts.get('c-1').phones.map((phone) => phone.e164)).toEqual(['+6561234567']);
    } finally {
      store.close();
    }
  }, 90_000);
});
