import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('forgetting the account in sandbox mode succeeds on a machine without a keyring (nothing was stored)', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-no-keyring-'));
  try {
    const fixture = path.join(import.meta.dirname, 'fixtures/clear-without-keychain.ts');
    const { stdout } = await run(process.execPath, [fixture, dataDir, `hoiio-test-${process.pid}-${Date.now()}`], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
      timeout: 20_000,
    });
    const result = JSON.parse(stdout) as { clear: { ok: boolean; value?: unknown }; logs: string[] };
    expect(result.clear).toMatchObject({ ok: true, value: { mode: 'sandbox', configured: false } });
    expect(result.logs.join('\n')).toMatch(/keychain not reachable while clearing in sandbox mode/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
