/**
 * Reconciliation through voice/get_history in live mode (credentials in the real keychain, so run
 * under scripts/with-keyring.sh; the tunnel is off, so calls are polled): calls left unfinished by
 * a previous run, and voice/call requests with no readable answer, which are never re-sent but
 * looked up by their tag (hoiio-api.md §8).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HoiioClient } from '../../src/main/core/hoiio/client.ts';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import {
  eventually,
  requireTestKeyring,
  sandboxControl,
  startLossyProxy,
  startTestCore,
  tempDir,
  uniqueKeychainService,
  type SandboxCall,
  type TestCore,
} from './helpers.ts';

const TOKEN = 'reconcile-test-token-0123456789ab';
let sandbox: SandboxHandle;
const services: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  requireTestKeyring();
  // Calls talk for 300 simulated seconds: 3 s of real time, long enough to act while they are live.
  sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 300, rateLimit: 0, accessToken: TOKEN });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const service of services) await new CredentialVault({ service }).clear();
  await sandbox?.close();
});

/** A core in live mode against `baseUrl` (the sandbox or a proxy in front of it). */
async function liveCore(options: { dataDir?: string; service?: string; baseUrl?: string; requestTimeoutMs?: number }) {
  const service = options.service ?? uniqueKeychainService();
  services.push(service);
  const app = await startTestCore({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    keychainService: service,
    engine: { timeScale: 0.01, sandbox: { timeScale: 0.01 }, requestTimeoutMs: options.requestTimeoutMs },
  });
  if ((await app.ok<{ mode: string }>('account:getStatus')).mode !== 'live') {
    await app.ok('settings:update', { baseUrl: options.baseUrl ?? sandbox.baseUrl, tunnel: { enabled: false } });
    await app.ok('account:set', { appId: sandbox.appId, accessToken: TOKEN });
  }
  return { app, service };
}

async function sandboxCallTagged(tag: string): Promise<SandboxCall[]> {
  const { calls } = await sandboxControl<{ calls: SandboxCall[] }>(sandbox.controlUrl, 'GET', 'calls');
  return calls.filter((call) => call.tag === tag);
}

describe('start-up reconciliation', () => {
  it('a call that ended while the app was closed gets its final state from history', async () => {
    const dataDir = tempDir();
    cleanups.push(() => dataDir.remove());
    const first = await liveCore({ dataDir: dataDir.path });
    const placed = await first.app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    expect(placed.state).toBe('live');
    await first.app.core.close(); // the call is still live: the log keeps it unfinished

    await eventually(
      async () => ((await sandboxCallTagged(placed.id))[0]?.state === 'ended' ? true : undefined),
      10_000,
      'the sandbox call to end',
    );
    const second: TestCore = (await liveCore({ dataDir: dataDir.path, service: first.service })).app;
    cleanups.push(() => second.core.close());
    expect(await second.ok('account:getStatus')).toMatchObject({ mode: 'live' });
    const ended = await second.waitForCall(placed.id, (record) => record.state === 'ended');
    expect(ended).toMatchObject({
      txnRef: placed.txnRef,
      finalSource: 'history',
      statusDest1: 'answered',
      statusDest2: 'answered',
      durationMinutes: 5,
      debit: '0.150',
    });
    expect(await second.ok('calls:get', { id: placed.id })).toEqual(ended);
  });
});

describe('recent history', () => {
  it('adds calls placed elsewhere with the same account, and follows those still live', async () => {
    const elsewhere = new HoiioClient({
      baseUrl: sandbox.baseUrl,
      credentials: { appId: sandbox.appId, accessToken: TOKEN },
    });
    const { txnRef } = await elsewhere.call({ dest2: '+6581230001', tag: 'placed-on-the-web' });
    const { txnRef: liveTxnRef } = await elsewhere.call({ dest2: '+6587654321' });
    await eventually(
      async () => ((await elsewhere.queryStatus(txnRef)).statusDest2 === 'busy' ? true : undefined),
      5000,
      'the busy call to end',
    );

    const { app } = await liveCore({});
    cleanups.push(() => app.close());
    const imported = await eventually(() => app.updates.find((record) => record.txnRef === txnRef), 5000, 'import');
    expect(imported).toMatchObject({
      mode: 'live',
      tag: 'placed-on-the-web',
      dest2: '+6581230001',
      state: 'ended',
      outcome: 'busy',
      finalSource: 'history',
    });
    const live = await eventually(() => app.updates.find((record) => record.txnRef === liveTxnRef), 5000, 'import');
    expect(live).toMatchObject({ state: 'live', tag: null, finalSource: null });
    const ended = await app.waitForCall(live.id, (record) => record.state === 'ended');
    expect(ended).toMatchObject({ finalSource: 'poll', outcome: 'connected', durationMinutes: 5 });
    // Importing twice adds nothing: a second start finds every entry in the log.
    const count = app.updates.length;
    await app.ok('account:set', { appId: sandbox.appId, accessToken: TOKEN });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.updates.slice(count).filter((record) => record.txnRef === txnRef)).toEqual([]);
  });
});

describe('voice/call with no readable answer', () => {
  it('is marked unknown, never re-sent, and found in history by its tag', async () => {
    const proxy = await startLossyProxy(sandbox.baseUrl);
    cleanups.push(() => proxy.close());
    const { app } = await liveCore({ baseUrl: proxy.baseUrl, requestTimeoutMs: 300 });
    cleanups.push(() => app.close());

    proxy.setMode('drop-call-answers');
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    proxy.setMode('pass');
    expect(placed).toMatchObject({ state: 'unknown', txnRef: null });
    expect(placed.errorMessage).toMatch(/checking whether it went through/);

    const ended = await app.waitForCall(placed.id, (record) => record.state === 'ended');
    const [sandboxCall, ...others] = await sandboxCallTagged(placed.id);
    expect(others).toEqual([]); // exactly one call: the request was never repeated
    expect(ended).toMatchObject({ txnRef: sandboxCall?.txn_ref, outcome: 'connected', durationMinutes: 5 });
    const states = app.updates.filter((record) => record.id === placed.id).map((record) => record.state);
    expect(states).toEqual(['placing', 'unknown', 'live', 'ended']);
  });

  it('fails as "not placed" when history never shows it', async () => {
    const proxy = await startLossyProxy(sandbox.baseUrl);
    cleanups.push(() => proxy.close());
    const { app } = await liveCore({ baseUrl: proxy.baseUrl, requestTimeoutMs: 300 });
    cleanups.push(() => app.close());

    proxy.setMode('drop-call-requests');
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    proxy.setMode('pass');
    expect(placed.state).toBe('unknown');
    const failed = await app.waitForCall(placed.id, (record) => record.state === 'failed');
    expect(failed).toMatchObject({
      finalSource: 'history',
      errorMessage: 'Hoiio has no record of this call: it was not placed.',
    });
    expect(await sandboxCallTagged(placed.id)).toEqual([]);
  });
});
