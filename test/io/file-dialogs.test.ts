import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { NO_FILE_DIALOGS_MESSAGE, type FileDialogs } from '../../src/main/core/file-dialogs.ts';
import { dispatch } from '../../src/main/ipc.ts';

const silent = { error: () => {}, warn: () => {} };
const dirs: string[] = [];
const cores: Core[] = [];

async function startCore(fileDialogs?: FileDialogs): Promise<Core> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-dialogs-'));
  dirs.push(dataDir);
  const core = await createCore({ dataDir, shell: fileDialogs ? 'electron' : 'browser', fileDialogs });
  cores.push(core);
  return core;
}

const chooseExportFile = (core: Core, input: unknown) => dispatch(core.api, 'files:chooseExportFile', input, silent);

let browserCore: Core;
beforeAll(async () => {
  browserCore = await startCore();
});
afterAll(async () => {
  for (const core of cores) await core.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('files.* without native dialogs (the browser host)', () => {
  it.each([
    ['files:chooseImportFile', undefined],
    ['files:chooseExportFile', { kind: 'contacts-vcard', suggestedName: 'contacts.vcf' }],
  ])('%s answers unsupported with a message saying what to do', async (channel, input) => {
    const result = await dispatch(browserCore.api, channel, input, silent);
    expect(result).toEqual({ ok: false, error: { code: 'unsupported', message: NO_FILE_DIALOGS_MESSAGE } });
    expect(NO_FILE_DIALOGS_MESSAGE).toMatch(/type the full path/);
  });

  it('still validates the input first', async () => {
    const result = await chooseExportFile(browserCore, { kind: 'pdf', suggestedName: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('files.* with native dialogs (the Electron shell)', () => {
  it('passes the chosen path through, and null when the user cancelled', async () => {
    const asked: string[] = [];
    const core = await startCore({
      chooseImportFile: async () => null,
      chooseExportFile: async (kind, suggestedName) => {
        asked.push(`${kind}:${suggestedName}`);
        return '/home/someone/call-log.csv';
      },
    });
    expect(await dispatch(core.api, 'files:chooseImportFile', undefined, silent)).toEqual({ ok: true, value: null });
    const saved = await chooseExportFile(core, { kind: 'call-log-csv', suggestedName: 'call-log.csv' });
    expect(saved).toEqual({ ok: true, value: { path: '/home/someone/call-log.csv' } });
    expect(asked).toEqual(['call-log-csv:call-log.csv']);
  });
});
