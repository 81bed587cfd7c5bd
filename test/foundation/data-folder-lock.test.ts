/**
 * One running core per data folder (data-folder-lock.ts): two cores in one process, and real
 * browser-host processes on one --data-dir. The second is refused in words while the first keeps
 * working; after the first closes, or is killed with SIGKILL (its lock left behind), a new start works.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/index.ts';
import { DATA_FOLDER_LOCK_FILE } from '../../src/main/core/data-folder-lock.ts';
import type { AppError } from '../../src/shared/errors.ts';
import { startHost } from '../support/browser-host.ts';
import { startTestCore, tempDir } from '../calls/helpers.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});
function dataDir(): string {
  const dir = tempDir('hoiio-lock-');
  dirs.push(dir);
  return dir.path;
}

/** Runs the browser host on `dir` and waits for it to exit by itself (bounded): exit code and stderr. */
function refusedHost(dir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['src/host/cli.ts', '--port', '0', '--data-dir', dir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the second host kept running'));
    }, 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the data folder lock', () => {
  it('refuses a second core on the same folder while the first keeps working; a new one starts after close', async () => {
    const dir = dataDir();
    const first = await startTestCore({ dataDir: dir });
    const lockFile = path.join(dir, DATA_FOLDER_LOCK_FILE);
    expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));

    const refused = await createCore({ dataDir: dir, shell: 'browser' }).then(
      () => null,
      (error: unknown) => error as AppError,
    );
    expect(refused?.code).toBe('conflict');
    expect(refused?.details).toMatchObject({ reason: 'data_folder_in_use', pid: process.pid });
    expect(refused?.message).toContain(
      `Another copy of the app (process ${process.pid}) is using the data folder ${dir}`,
    );

    const placed = await first.ok<{ state: string }>('calls:place', { dest2: '+6581230077' });
    expect(placed.state).toMatch(/live|ended/);
    await first.close();
    expect(existsSync(lockFile)).toBe(false);

    const next = await startTestCore({ dataDir: dir });
    expect(await next.ok('app:getInfo')).toMatchObject({ mode: 'sandbox' });
    await next.close();
  });

  it('takes over a lock whose process is gone, and one left by an earlier life of this same PID', async () => {
    const dir = dataDir();
    const lockFile = path.join(dir, DATA_FOLDER_LOCK_FILE);
    // A process that has exited: its PID is free (spawn and wait for it).
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    for (const stalePid of [gone.pid!, process.pid]) {
      writeFileSync(lockFile, `${stalePid}\n`);
      const app = await startTestCore({ dataDir: dir });
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
      await app.close();
    }
  });

  it('a second browser host on one --data-dir stops in words; the first keeps serving; after kill -9 a new host starts', async () => {
    const dir = dataDir();
    const first = await startHost({ dataDir: dir });
    try {
      const refused = await refusedHost(dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain(
        `Another copy of the app (process ${first.process.pid}) is using the data folder ${dir}`,
      );
      expect((await fetch(first.url)).status).toBe(200);
    } finally {
      first.process.kill('SIGKILL');
      await new Promise((resolve) =>
        first.process.exitCode !== null ? resolve(null) : first.process.once('exit', resolve),
      );
    }
    const lockFile = path.join(dir, DATA_FOLDER_LOCK_FILE);
    expect(readFileSync(lockFile, 'utf8').trim(), 'the killed host left its lock').toBe(String(first.process.pid));

    const after = await startHost({ dataDir: dir });
    expect((await fetch(after.url)).status).toBe(200);
    expect(await after.stop()).toBe(0);
    expect(existsSync(lockFile), 'released at close').toBe(false);
  });
});
