/**
 * Storage faults on every write path (issue 10, fault 8): a full disk, a read-only disk and a
 * folder the user may not write are reported as `storage` errors that say what to do, the same way
 * the database layer words them, and once the fault is gone the same calls succeed without a
 * restart. Made to hold when run as root (CI is root, and root writes into a chmod-555 folder):
 * - full disk: a 4 MiB tmpfs mounted in a private mount namespace (`unshare -m`), filled up;
 * - read-only: the same tmpfs remounted read-only;
 * - permission: the app runs as `nobody` (runuser) on a folder it may read but not write.
 * These need root (mount, runuser); the suite says so and skips elsewhere.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { pinnedNode } from '../helpers/tunnel-server.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'write-paths.ts');
const isRoot = process.getuid?.() === 0;
type Result = { channel: string; ok: boolean; code?: string; message?: string };
type Report = { ready?: true; during: Result[]; after?: Result[] };

const NOBODY = 65534;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-storage-'));
  made.push(dir);
  return dir;
}

/** Runs a command, answering each stdout line with `onLine`; resolves with the last line's JSON. */
function run(command: string, args: string[], onLine: (report: Report) => void = () => {}): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let last: Report | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      last = JSON.parse(line) as Report;
      onLine(last);
      if (!last.after) child.stdin.write('\n');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && last?.after) resolve(last);
      else reject(new Error(`exited ${code}\n${stderr}`));
    });
  });
}

function expectClearThenRecovered(report: Report, advice: RegExp, channels = ALL_WRITE_PATHS): void {
  const only = (results: Result[] = []) => results.filter((result) => channels.includes(result.channel));
  report = { during: only(report.during), after: only(report.after) };
  for (const result of report.during) {
    expect(result, result.channel).toMatchObject({ ok: false, code: 'storage' });
    expect(result.message, result.channel).toMatch(advice);
    expect(result.message, result.channel).not.toMatch(/Something went wrong/);
  }
  expect(report.during.map((result) => result.channel)).toEqual(channels);
  expect(report.after?.map(({ channel, ok }) => ({ channel, ok }))).toEqual(
    report.during.map(({ channel }) => ({ channel, ok: true })),
  );
}

const ALL_WRITE_PATHS = ['settings:update', 'contacts:create', 'importExport:exportContacts'];

/** `unshare -m`: a private mount namespace, so the tmpfs and remounts are invisible outside the child. */
function inPrivateTmpfs(fault: 'full' | 'readonly'): Promise<Report> {
  // Exports may not go into the data folder, so both are folders of one small tmpfs; for the
  // read-only case the export folder is a mount of its own, so it can be remounted read-only.
  const script =
    'mount --make-rprivate / && mount -t tmpfs -o size=4m tmpfs "$1" && mkdir "$1/data" "$1/exports" && ' +
    '{ [ "$4" != readonly ] || mount -t tmpfs -o size=1m tmpfs "$1/exports"; } && ' +
    'exec "$2" "$3" "$1/data" "$4" "$1/exports"';
  return run('unshare', ['-m', 'bash', '-c', script, 'storage', tempDir(), pinnedNode, fixture, fault]);
}

describe.skipIf(!isRoot)('storage faults on every write path (needs root: mount namespaces and runuser)', () => {
  it('a full disk (ENOSPC) says the disk is full, and the same calls work once space is freed', async () => {
    expectClearThenRecovered(await inPrivateTmpfs('full'), /disk is full/);
  }, 90_000);

  it('a read-only disk (EROFS) says so, and the same calls work once it is writable again', async () => {
    // The database holds its file open, which a read-only remount refuses: settings and exports.
    expectClearThenRecovered(await inPrivateTmpfs('readonly'), /read-only/, [
      'settings:update',
      'importExport:exportContacts',
    ]);
  }, 90_000);

  it('a folder the user may not write (EACCES, as nobody) says so, and works once the mode is fixed', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const dataDir = path.join(root, 'data');
    const exportDir = path.join(root, 'exports');
    for (const dir of [dataDir, exportDir]) {
      mkdirSync(dir);
      chownSync(dir, NOBODY, NOBODY);
    }
    const report = await run(
      'runuser',
      ['-u', 'nobody', '--', pinnedNode, fixture, dataDir, 'denied', exportDir],
      (line) => {
        // Root takes write permission away after the app has opened its files, and gives it back.
        const mode = line.ready ? 0o555 : 0o755;
        for (const dir of [dataDir, exportDir]) chmodSync(dir, mode);
      },
    );
    // The database keeps its already-open file (a chmod does not touch open files): settings and exports.
    expectClearThenRecovered(report, /no permission/, ['settings:update', 'importExport:exportContacts']);
  }, 90_000);
});
