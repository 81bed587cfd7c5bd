/**
 * The credential vault and the account operations over the real OS keychain: gnome-keyring in a
 * private D-Bus session (run under scripts/with-keyring.sh), checked from outside with secret-tool.
 * The token must be in the keychain and nowhere else: not in the data folder, not in any IPC
 * output or event, not in the logs.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { AccountStatus } from '../../src/shared/account.ts';
import {
  capturingLogger,
  requireTestKeyring,
  startTestCore,
  tempDir,
  uniqueKeychainService,
  type TestCore,
} from '../calls/helpers.ts';

const run = promisify(execFile);
const TOKEN = 'f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8'; // the sandbox's access token in these tests

/** What secret-tool (libsecret, outside the app) finds for this service and account. */
async function secretToolLookup(service: string, account: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'account', account]);
    return stdout;
  } catch {
    return null; // exit status 1: no such item
  }
}

async function secretToolSearch(service: string): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', service]);
  return stdout + stderr;
}

/** Every file under `dir`, recursively, with its raw bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((relative) => path.join(dir, relative))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, bytes: readFileSync(file) }));
}

function filesContaining(dir: string, needle: string): string[] {
  return filesUnder(dir)
    .filter(({ bytes }) => bytes.includes(needle) || bytes.includes(Buffer.from(needle, 'utf16le')))
    .map(({ file }) => file);
}

beforeAll(() => requireTestKeyring());

describe('CredentialVault (real keychain)', () => {
  const vault = new CredentialVault({ service: uniqueKeychainService() });
  afterEach(() => vault.clear());

  it('stores the token in the keychain, where secret-tool sees it, and reads it back', async () => {
    await vault.setToken('app-one', TOKEN);
    expect(await vault.getToken('app-one')).toBe(TOKEN);
    expect(await secretToolLookup(vault.service, 'app-one')).toBe(TOKEN);
    expect(await vault.getToken('app-two')).toBeNull();
  });

  it('keeps only the token of the current App ID, and clear removes it', async () => {
    await vault.setToken('app-one', 'token-one');
    await vault.setToken('app-two', 'token-two');
    expect(await vault.getToken('app-one')).toBeNull();
    expect(await secretToolLookup(vault.service, 'app-one')).toBeNull();
    expect(await secretToolLookup(vault.service, 'app-two')).toBe('token-two');
    await vault.clear();
    expect(await vault.getToken('app-two')).toBeNull();
    expect(await secretToolSearch(vault.service)).not.toContain('token-two');
  });
});

describe('account operations over the keychain', () => {
  let sandbox: SandboxHandle;
  let app: TestCore | null = null;
  const service = uniqueKeychainService();
  const dataDir = tempDir();
  const log = capturingLogger();

  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 0.01, accessToken: TOKEN });
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  afterAll(async () => {
    await new CredentialVault({ service }).clear();
    await sandbox.close();
    dataDir.remove();
  });

  it('set verifies with a real API call and refuses bad credentials, storing nothing', async () => {
    app = await startTestCore({ dataDir: dataDir.path, keychainService: service, logger: log.logger });
    await app.ok('settings:update', { baseUrl: sandbox.baseUrl });
    const refused = await app.call('account:set', { appId: sandbox.appId, accessToken: 'wrong-token' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'hoiio',
        message: 'Your Hoiio access token is invalid, expired or revoked. Update it in Settings.',
        details: { status: 'error_invalid_access_token' },
      },
    });
    expect(await secretToolLookup(service, sandbox.appId)).toBeNull();
    expect(await app.ok<AccountStatus>('account:getStatus')).toMatchObject({ mode: 'sandbox', configured: false });
  });

  it('set stores the token only in the keychain; the app goes live and never gives the token out', async () => {
    app = await startTestCore({ dataDir: dataDir.path, keychainService: service, logger: log.logger });
    const pushed: unknown[] = [];
    for (const event of ['accountChanged', 'appInfoChanged', 'tunnelState', 'callUpdated'] as const) {
      app.core.events.on(event, (payload) => pushed.push(payload));
    }
    await app.ok('settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: false } });
    const status = await app.ok<AccountStatus>('account:set', { appId: sandbox.appId, accessToken: TOKEN });
    expect(status).toEqual({
      mode: 'live',
      configured: true,
      appId: sandbox.appId,
      baseUrl: sandbox.baseUrl,
      keychainError: null,
    });
    expect(await secretToolLookup(service, sandbox.appId)).toBe(TOKEN);

    const verified = await app.ok('account:verify');
    expect(verified).toMatchObject({ mode: 'live', name: 'Sandbox Demo', mobileNumber: sandbox.registeredNumber });
    const outputs = [
      status,
      verified,
      await app.ok('settings:get'),
      await app.ok('app:getInfo'),
      await app.ok('tunnel:getState'),
    ];
    expect(JSON.stringify([outputs, pushed])).not.toContain(TOKEN);
    expect(pushed).toContainEqual(expect.objectContaining({ mode: 'live', configured: true }));

    await app.close();
    app = null;
    expect(filesUnder(dataDir.path).length).toBeGreaterThan(0);
    expect(filesContaining(dataDir.path, TOKEN)).toEqual([]);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });

  it('after a restart the token is read back from the keychain: live mode without asking again', async () => {
    app = await startTestCore({ dataDir: dataDir.path, keychainService: service, logger: log.logger });
    expect(await app.ok('account:getStatus')).toMatchObject({ mode: 'live', configured: true });
    expect(await app.ok('app:getInfo')).toMatchObject({ mode: 'live' });
    const call = await app.ok<{ id: string; mode: string }>('calls:place', { dest2: '+6581234567' });
    expect(call.mode).toBe('live');
    await app.waitForCall(call.id, (record) => record.state === 'ended');
    expect(filesContaining(dataDir.path, TOKEN)).toEqual([]);
  });

  it('clear removes the token from the keychain and returns to sandbox mode', async () => {
    app = await startTestCore({ dataDir: dataDir.path, keychainService: service, logger: log.logger });
    const status = await app.ok<AccountStatus>('account:clear');
    expect(status).toMatchObject({ mode: 'sandbox', configured: false, appId: null });
    expect(status.baseUrl).not.toBe(sandbox.baseUrl); // the embedded sandbox, not the one we configured
    expect(await secretToolLookup(service, sandbox.appId)).toBeNull();
    expect(await app.ok('app:getInfo')).toMatchObject({ mode: 'sandbox' });
    expect(filesContaining(dataDir.path, TOKEN)).toEqual([]);
    expect(log.lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('no keychain available', () => {
  it('set fails with a clear, actionable error and the token is stored nowhere', async () => {
    const sandbox = await startSandbox({ timeScale: 0.01, accessToken: TOKEN });
    const dataDir = tempDir();
    try {
      const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'no-keychain.ts');
      const { stdout } = await run(
        process.execPath,
        [fixture, dataDir.path, uniqueKeychainService(), sandbox.baseUrl, sandbox.appId, TOKEN],
        {
          env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
          timeout: 20_000,
        },
      );
      const result = JSON.parse(stdout) as {
        before: { ok: true; value: AccountStatus };
        set: { ok: false; error: { code: string; message: string } };
        after: { ok: true; value: AccountStatus };
        logs: string[];
      };
      expect(result.before.value).toMatchObject({ mode: 'sandbox', configured: false });
      expect(result.set.ok).toBe(false);
      expect(result.set.error.code).toBe('keychain_unavailable');
      // Worded in the user's language by the renderer (test/i18n/import-reasons.test.ts words it in zh-CN).
      expect(result.set.error).toMatchObject({
        key: 'secrets.keychainUnavailable',
        params: { operation: 'saved', platform: 'linux' },
      });
      expect(result.set.error.message).toMatch(/system keychain is not available/);
      expect(result.set.error.message).toMatch(/never saved anywhere else/);
      expect(result.set.error.message).toMatch(/Secret Service keyring/);
      expect(result.after.value).toMatchObject({ mode: 'sandbox', configured: false, appId: null });
      expect(filesContaining(dataDir.path, TOKEN)).toEqual([]);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    } finally {
      dataDir.remove();
      await sandbox.close();
    }
  });
});
