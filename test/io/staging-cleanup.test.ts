/**
 * Start-up removes the staging files an import killed with the app left behind (data folder's
 * `staging/import-<uuid>.db` with its -wal/-shm), on real files; anything else there stays.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleStagingFiles } from '../../src/main/core/io/import-export-service.ts';
import { tempDir } from './support.ts';

describe('stale import staging files', () => {
  it('are removed with their -wal and -shm files; other files in the folder stay', async () => {
    const staging = path.join(tempDir('hoiio-staging-'), 'staging');
    mkdirSync(staging, { recursive: true });
    const stale = 'import-0f8c2a52-5d1e-4c1b-9a55-3f0e2b7c9d11.db';
    for (const name of [stale, `${stale}-wal`, `${stale}-shm`, 'notes.txt', 'import-report.db'])
      writeFileSync(path.join(staging, name), 'x');

    expect(await removeStaleStagingFiles(staging)).toBe(3);
    expect(readdirSync(staging).sort()).toEqual(['import-report.db', 'notes.txt']);
  });

  it('finds nothing to do when the folder does not exist yet', async () => {
    const staging = path.join(tempDir('hoiio-staging-'), 'staging');
    expect(await removeStaleStagingFiles(staging)).toBe(0);
    expect(existsSync(staging)).toBe(false);
  });
});
