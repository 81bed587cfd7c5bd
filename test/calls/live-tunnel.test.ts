/**
 * Live mode with notifications through a real localtunnel server on loopback
 * (test/helpers/tunnel-server.ts): sandbox -> tunnel -> listener. The same call scenario ends by
 * notification while the tunnel works and by polling while it is blocked, with the same record.
 * Killing and restarting the tunnel server takes the supervisor through degraded back to up, and
 * calls in flight still end correctly. Credentials live in the real keychain: run under
 * scripts/with-keyring.sh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { TunnelStatus } from '../../src/shared/tunnel.ts';
import { startTunnelServer, type TunnelServer } from '../helpers/tunnel-server.ts';
import {
  eventually,
  finalFacts,
  requireTestKeyring,
  sandboxControl,
  startTestCore,
  uniqueKeychainService,
  type SandboxDelivery,
  type TestCore,
} from './helpers.ts';

const TOKEN = 'tunnel-test-token-0123456789abcdef';
const TUNNEL_TIMERS = {
  initialBackoffMs: 100,
  maxBackoffMs: 500,
  probeIntervalMs: 300,
  probeTimeoutMs: 600,
  requestTimeoutMs: 1000,
  connectTimeoutMs: 2000,
};

let tunnelServer: TunnelServer;
let sandbox: SandboxHandle;
let app: TestCore;
const service = uniqueKeychainService();
const tunnelStates: TunnelStatus[] = [];

/** The first tunnel state (current or later) with this status. */
async function tunnelReaches<S extends TunnelStatus['status']>(
  status: S,
  timeoutMs = 15_000,
): Promise<Extract<TunnelStatus, { status: S }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await app.ok<TunnelStatus>('tunnel:getState');
    if (state.status === status) return state as Extract<TunnelStatus, { status: S }>;
    if (Date.now() > deadline) throw new Error(`tunnel not ${status} in ${timeoutMs} ms: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The sandbox's finished notification attempts for a call; it logs one when the attempt ends. */
async function deliveriesFor(txnRef: string | null): Promise<SandboxDelivery[]> {
  return eventually(
    async () => {
      const { deliveries } = await sandboxControl<{ deliveries: SandboxDelivery[] }>(
        sandbox.controlUrl,
        'GET',
        'notifications',
      );
      const forCall = deliveries.filter((delivery) => delivery.txn_ref === txnRef);
      return forCall.length > 0 ? forCall : undefined;
    },
    5000,
    `a delivery for ${txnRef}`,
  );
}

beforeAll(async () => {
  requireTestKeyring();
  tunnelServer = await startTunnelServer();
  // 300 s of talk = 3 s of real time at time-scale 0.01: long enough to block or break the tunnel meanwhile.
  sandbox = await startSandbox({
    timeScale: 0.01,
    talkSeconds: 300,
    rateLimit: 0,
    notifyTimeoutMs: 1000,
    accessToken: TOKEN,
  });
  app = await startTestCore({
    keychainService: service,
    engine: { timeScale: 0.01, sandbox: { timeScale: 0.01 }, tunnelTimers: TUNNEL_TIMERS },
  });
  app.core.events.on('tunnelState', (state) => tunnelStates.push(state as TunnelStatus));
  await app.ok('settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: true, serverUrl: tunnelServer.url } });
  await app.ok('account:set', { appId: sandbox.appId, accessToken: TOKEN });
}, 30_000);

afterAll(async () => {
  await app?.close();
  await new CredentialVault({ service }).clear();
  await sandbox?.close();
  await tunnelServer?.close();
});

describe('live mode through a localtunnel server on loopback', () => {
  let byNotification: CallRecord;

  it('a notification travels sandbox -> tunnel -> listener', async () => {
    const { url } = await tunnelReaches('up');
    expect(url).toMatch(/^http:\/\/[a-z0-9-]+\.localhost:\d+$/);
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    byNotification = await app.waitForCall(placed.id, (record) => record.state === 'ended');
    expect(byNotification).toMatchObject({ mode: 'live', finalSource: 'notification', outcome: 'connected' });

    const [delivery, ...more] = await deliveriesFor(placed.txnRef);
    expect(more).toEqual([]);
    expect(delivery?.url.startsWith(`${url}/hoiio/notify/`)).toBe(true);
    expect(delivery).toMatchObject({ httpStatus: 200, error: null });
  });

  it('with notifications blocked (the tunnel stalls), the same call ends by polling with the same record', async () => {
    await tunnelReaches('up');
    tunnelServer.pause();
    try {
      const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
      const byPolling = await app.waitForCall(placed.id, (record) => record.state === 'ended', 15_000);
      expect(byPolling.finalSource).toBe('poll');
      expect(finalFacts(byPolling)).toEqual(finalFacts(byNotification));
      expect(await app.ok('calls:get', { id: placed.id })).toEqual(byPolling);
      // Nothing got through the stalled tunnel.
      expect((await deliveriesFor(placed.txnRef)).every((delivery) => delivery.httpStatus !== 200)).toBe(true);
    } finally {
      tunnelServer.resume();
    }
    await tunnelReaches('up');
  });

  it('killing and restarting the tunnel server: degraded, then up again; calls in flight end correctly', async () => {
    const before = await tunnelReaches('up');
    const inFlight = await Promise.all(
      ['+6581234567', '+14155550100'].map((dest2) => app.ok<CallRecord>('calls:place', { dest2 })),
    );
    const statesBefore = tunnelStates.length;
    await tunnelServer.kill();
    const degraded = await tunnelReaches('degraded');
    expect(degraded.lastUrl).toBe(before.url);
    await tunnelServer.restart();
    const after = await tunnelReaches('up');
    const seen = tunnelStates.slice(statesBefore).map((state) => state.status);
    expect(seen).toContain('degraded');
    expect(seen.at(-1)).toBe('up');

    for (const placed of inFlight) {
      const ended = await app.waitForCall(placed.id, (record) => record.state === 'ended', 15_000);
      expect(ended).toMatchObject({ state: 'ended', outcome: 'connected', durationMinutes: 5 });
      expect(ended.debit).toBe(placed.dest2 === '+14155550100' ? '0.145' : '0.150');
      // Its notify URL pointed at the old tunnel: if the URL changed, only polling could finish it.
      if (after.url !== before.url) expect(ended.finalSource).toBe('poll');
      else expect(['poll', 'notification']).toContain(ended.finalSource);
    }

    // New calls use the tunnel as it is now.
    const next = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    const ended = await app.waitForCall(next.id, (record) => record.state === 'ended');
    expect(ended.finalSource).toBe('notification');
    expect((await deliveriesFor(next.txnRef))[0]?.url.startsWith(`${after.url}/`)).toBe(true);
  });
});
