/**
 * A data folder (or database file) the app may not write, at start-up (issue 10, storage faults
 * on the database path itself): the core and the browser host refuse with one plain sentence
 * naming the folder and what to do, change nothing on disk, and exit once (no retry loop).
 * Made to hold when run as root (CI is root, and root writes through any chmod):
 * - EACCES: the app runs as `nobody` (runuser) against a folder owned by root with mode 0755,
 *   or a folder of its own holding a database file owned by root (0644);
 * - EROFS: the folder is a read-only bind mount in a private mount namespace (`unshare -m`).
 * Each group checks up front that its tool works here and otherwise skips, saying why.
 *
 * A database that becomes read-only while the app runs cannot be made on Linux: a chmod leaves
 * the open files writable, and a read-only remount is refused (EBUSY) while the app holds them
 * open for writing; write faults at run time are storage-faults.test.ts's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, DATABASE_FILE_NAME } from '../../src/main/core/store/index.ts';
import { callRecord } from '../store/support-records.ts';
import { pinnedNode } from '../helpers/tunnel-server.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'open-core.ts');
const hostCli = path.join(import.meta.dirname, '..', '..', 'src', 'host', 'cli.ts');
const NOBODY = 65534;

const isRoot = process.getuid?.() === 0;
const runs = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
const canRunAsNobody = isRoot && runs('runuser', ['-u', 'nobody', '--', pinnedNode, '-e', '0']);
const canUnshareMount =
  isRoot && runs('unshare', ['-m', 'bash', '-c', 'mount --make-rprivate / && mount --bind /tmp /tmp']);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder other users may enter (mkdtemp makes 0700). */
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-dbpath-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** Every file under `dir` with its size, mode, owner, mtime and content hash: "nothing changed" is this staying equal. */
function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    const info = statSync(file);
    const hash = info.isFile() ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'dir';
    out[name] = `${info.size} ${info.mode.toString(8)} ${info.uid} ${info.mtimeMs} ${hash}`;
  }
  return out;
}

/** A data folder holding a real database with a call in it, made (as root) by the app's own store. */
function folderWithDatabase(): string {
  const dataDir = path.join(tempDir(), 'data');
  mkdirSync(dataDir);
  const store = openStore(path.join(dataDir, DATABASE_FILE_NAME));
  store.callLog.insert(callRecord({ id: 'kept', createdAt: '2024-05-01T10:00:00.000Z' }));
  store.close();
  return dataDir;
}

interface Outcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (killed after 30 s: a hang or a retry loop fails the test). */
function run(command: string, args: string[]): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The core's one start on `dataDir`, as `nobody` or in a read-only mount namespace. */
async function startCore(
  dataDir: string,
  as: 'nobody' | 'readonly-mount',
): Promise<{ started: boolean; code?: string; message?: string; details?: Record<string, unknown> }> {
  const outcome =
    as === 'nobody'
      ? await run('runuser', ['-u', 'nobody', '--', pinnedNode, fixture, dataDir])
      : await run('unshare', [
          '-m',
          'bash',
          '-c',
          readOnlyMount('"$2" "$3" "$1"'),
          'dbpath',
          dataDir,
          pinnedNode,
          fixture,
        ]);
  expect(outcome.exitCode, outcome.stderr).toBe(0);
  const lines = outcome.stdout.trim().split('\n');
  expect(lines, 'one start, one line: no retry').toHaveLength(1);
  return JSON.parse(lines[0]!);
}

/** A bash script: a private mount namespace where "$1" is a read-only bind mount of itself, then `command`. */
function readOnlyMount(command: string): string {
  return `mount --make-rprivate / && mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec ${command}`;
}

/** The browser host, started once on `dataDir`; a built renderer is not needed to reach the data folder check. */
function startHost(dataDir: string, as: 'nobody' | 'readonly-mount'): Promise<Outcome> {
  const rendererDir = tempDir();
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const args = [hostCli, '--data-dir', dataDir, '--renderer-dir', rendererDir, '--port', '0'];
  return as === 'nobody'
    ? run('runuser', ['-u', 'nobody', '--', pinnedNode, ...args])
    : run('unshare', ['-m', 'bash', '-c', readOnlyMount('"$2" "${@:3}"'), 'dbpath', dataDir, pinnedNode, ...args]);
}

function expectPlainRefusal(message: string | undefined, folder: string, fix: RegExp): void {
  expect(message).toContain(folder);
  expect(message).toMatch(fix);
  expect(message).toMatch(/Nothing was changed|nothing was changed/);
  expect(message).not.toMatch(/Something went wrong|SQLITE|at .*\.ts:\d+/);
}

describe.skipIf(!canRunAsNobody)(
  'a data folder this user may not write (EACCES, run as nobody; skipped unless root with runuser)',
  () => {
    it('the core refuses a root-owned 0755 folder in words naming it, and creates nothing there', async () => {
      const dataDir = path.join(tempDir(), 'data');
      mkdirSync(dataDir, { mode: 0o755 });
      const result = await startCore(dataDir, 'nobody');
      expect(result).toMatchObject({
        started: false,
        code: 'storage',
        details: { reason: 'not_writable', errno: 'EACCES' },
      });
      expectPlainRefusal(result.message, dataDir, /write permission/);
      expect(readdirSync(dataDir)).toEqual([]);
    }, 60_000);

    it('the core refuses a folder holding a root-owned database, leaving the database byte for byte', async () => {
      const dataDir = folderWithDatabase();
      const before = listing(dataDir);
      const result = await startCore(dataDir, 'nobody');
      expect(result).toMatchObject({ started: false, code: 'storage', details: { reason: 'not_writable' } });
      expectPlainRefusal(result.message, dataDir, /write permission/);
      expect(listing(dataDir)).toEqual(before);
    }, 60_000);

    it('the core refuses a database file it may not write even when the folder is its own (SQLite would open it read-only)', async () => {
      const dataDir = folderWithDatabase();
      chownSync(dataDir, NOBODY, NOBODY); // the folder is nobody's; hoiio.db stays root's, 0644
      const before = listing(dataDir);
      const result = await startCore(dataDir, 'nobody');
      expect(result).toMatchObject({
        started: false,
        code: 'storage',
        details: { reason: 'not_writable', path: path.join(dataDir, DATABASE_FILE_NAME) },
      });
      expectPlainRefusal(result.message, path.join(dataDir, DATABASE_FILE_NAME), /write permission/);
      expect(listing(dataDir)).toEqual(before);
    }, 60_000);

    it('the browser host exits 2 at once with one sentence naming the folder, for the folder and for the database file', async () => {
      const rootFolder = folderWithDatabase();
      const ownFolder = folderWithDatabase();
      chownSync(ownFolder, NOBODY, NOBODY);
      for (const dataDir of [rootFolder, ownFolder]) {
        const before = listing(dataDir);
        const outcome = await startHost(dataDir, 'nobody');
        expect(outcome.exitCode, outcome.stderr).toBe(2);
        expect(outcome.stdout).toBe(''); // never announced itself as ready
        expect(outcome.stderr.trim().split('\n'), 'one message, no retries').toHaveLength(1);
        expectPlainRefusal(outcome.stderr, dataDir, /write|permission/);
        expect(listing(dataDir)).toEqual(before);
      }
    }, 90_000);
  },
);

describe.skipIf(!canUnshareMount)(
  'a data folder on a read-only disk (EROFS, read-only bind mount in unshare -m; skipped unless root may mount)',
  () => {
    it('the core refuses in words naming the folder, and the database is left byte for byte', async () => {
      const dataDir = folderWithDatabase();
      const before = listing(dataDir);
      const result = await startCore(dataDir, 'readonly-mount');
      expect(result).toMatchObject({
        started: false,
        code: 'storage',
        details: { reason: 'not_writable', errno: 'EROFS' },
      });
      expectPlainRefusal(result.message, dataDir, /read-only disk/);
      expect(listing(dataDir)).toEqual(before);
    }, 60_000);

    it('the browser host exits 2 at once with one sentence naming the folder', async () => {
      const dataDir = folderWithDatabase();
      const before = listing(dataDir);
      const outcome = await startHost(dataDir, 'readonly-mount');
      expect(outcome.exitCode, outcome.stderr).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.trim().split('\n'), 'one message, no retries').toHaveLength(1);
      expectPlainRefusal(outcome.stderr, dataDir, /read-only/);
      expect(listing(dataDir)).toEqual(before);
    }, 60_000);
  },
);
