/**
 * The Hoiio API address and the access token: every request carries the token, so the address
 * must be https (plain http only to a loopback host), and it cannot change while credentials are
 * saved, or one settings:update would send the stored token to any host. Credentials live in the
 * real keychain: run under scripts/with-keyring.sh.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { AccountStatus } from '../../src/shared/account.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { Settings } from '../../src/shared/settings.ts';
import { requireTestKeyring, startTestCore, uniqueKeychainService, type TestCore } from './helpers.ts';

const TOKEN = 'base-url-test-token-0123456789abc';

/** A loopback "other host" that records every request it gets (and answers none of them usefully). */
async function startRecordingServer() {
  const requests: { url: string; body: string }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', body });
      response.writeHead(503).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/open`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sandbox: SandboxHandle;
let other: Awaited<ReturnType<typeof startRecordingServer>>;
let app: TestCore;
const service = uniqueKeychainService();

beforeAll(async () => {
  requireTestKeyring();
  sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 0, rateLimit: 0, accessToken: TOKEN });
  other = await startRecordingServer();
  app = await startTestCore({ keychainService: service });
}, 30_000);
afterAll(async () => {
  await app?.close();
  await new CredentialVault({ service }).clear();
  await other?.close();
  await sandbox?.close();
});

describe('the API address', () => {
  it('must be https, or plain http only to a loopback host', async () => {
    for (const baseUrl of ['http://example.com/open', 'http://10.0.0.5/open', 'http://localhost.example.com/open']) {
      const result = await app.call('settings:update', { baseUrl });
      expect(result, baseUrl).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    for (const baseUrl of [
      'https://gateway.example.com/open',
      'http://localhost:8080/open',
      'http://[::1]:8080/open',
    ]) {
      expect((await app.ok<Settings>('settings:update', { baseUrl })).baseUrl, baseUrl).toBe(baseUrl);
    }
  });

  it('cannot change while credentials are saved: the token never goes to the new address', async () => {
    await app.ok('settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: false } });
    await app.ok('account:set', { appId: sandbox.appId, accessToken: TOKEN });
    expect(await app.ok('account:getStatus')).toMatchObject({ mode: 'live', baseUrl: sandbox.baseUrl });

    const refused = await app.call('settings:update', { baseUrl: other.baseUrl, defaultCountry: 'MY' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/Remove your Hoiio credentials/) },
    });
    // Nothing of the refused patch was applied.
    expect(await app.ok<Settings>('settings:get')).toMatchObject({ baseUrl: sandbox.baseUrl, defaultCountry: 'SG' });

    // Calls and account checks still go to the verified address only.
    await app.ok('account:verify');
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    expect(placed).toMatchObject({ mode: 'live', state: 'live' });
    expect(other.requests).toEqual([]);

    // The same address, or other settings, may still be changed.
    expect(await app.ok<Settings>('settings:update', { baseUrl: sandbox.baseUrl, defaultCountry: 'MY' })).toMatchObject(
      { baseUrl: sandbox.baseUrl, defaultCountry: 'MY' },
    );
  });

  it('after the credentials are removed it may change, and new credentials are checked against it', async () => {
    await app.ok('account:clear');
    await app.ok('settings:update', { baseUrl: other.baseUrl });
    expect(await app.ok<AccountStatus>('account:getStatus')).toMatchObject({ mode: 'sandbox', configured: false });

    const set = await app.call('account:set', { appId: sandbox.appId, accessToken: TOKEN });
    expect(set.ok).toBe(false);
    expect(other.requests.map((request) => request.url)).toEqual(['/open/user/get_info']);
    expect(await app.ok<AccountStatus>('account:getStatus')).toMatchObject({ mode: 'sandbox', configured: false });
  });
});
