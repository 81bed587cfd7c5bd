/**
 * The idle tunnel (issue 10, fault 1): the tunnel client holds connections to the listener open
 * before any request; Node's header timeout used to write `408` into them, which the tunnel server
 * then read as the answer to the next notification, and the probe went degraded every ~30 s.
 * Here the listener's server timeouts are shortened (headers 300 ms, request 600 ms, keep-alive
 * 300 ms, checked every 150 ms) so an idle stretch of a few seconds is many times past them, through
 * the real localtunnel server on loopback; then a sandbox call's notification must arrive through
 * the tunnel with HTTP 200 and reach the listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationListener, type NotificationEvent } from '../../src/main/core/notify/listener.ts';
import { TunnelSupervisor, type TunnelState } from '../../src/main/core/notify/tunnel.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { startTunnelServer, type TunnelServer } from '../helpers/tunnel-server.ts';
import { api, control } from '../sandbox/helpers.ts';

const TOKEN = 'tunnel-idle-token-0123456789abcdef';
const IDLE_MS = 4000;

let tunnelServer: TunnelServer;
let sandbox: SandboxHandle;
let listener: NotificationListener;
let supervisor: TunnelSupervisor;
const states: TunnelState[] = [];
const notifications: NotificationEvent[] = [];

beforeAll(async () => {
  tunnelServer = await startTunnelServer();
  sandbox = await startSandbox({ timeScale: 0.01, ringSeconds: 1, talkSeconds: 20, rateLimit: 0, accessToken: TOKEN });
  listener = new NotificationListener({
    getSigningKey: () => TOKEN,
    serverTimeouts: {
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      keepAliveTimeoutMs: 300,
      connectionsCheckingIntervalMs: 150,
    },
  });
  listener.on('notification', (event) => notifications.push(event));
  const { port } = await listener.start();
  supervisor = new TunnelSupervisor({
    localPort: port,
    serverUrl: tunnelServer.url,
    // A probe now and then keeps a few connections busy while the others sit idle, as in the field.
    timers: {
      initialBackoffMs: 100,
      maxBackoffMs: 500,
      probeIntervalMs: 700,
      probeTimeoutMs: 1000,
      requestTimeoutMs: 1000,
      connectTimeoutMs: 2000,
    },
  });
  supervisor.on('state', (state) => states.push(state));
  supervisor.start();
}, 30_000);

afterAll(async () => {
  await supervisor?.stop();
  await listener?.close();
  await sandbox?.close();
  await tunnelServer?.close();
});

async function until<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The HTTP statuses the sandbox recorded for the notifications of `txnRef`, once it has recorded one. */
async function recordedStatuses(txnRef: string, timeoutMs: number): Promise<(number | null)[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = (await control(sandbox, 'GET', 'notifications')).json.deliveries as {
      txn_ref: string;
      httpStatus: number | null;
    }[];
    const statuses = deliveries.filter((delivery) => delivery.txn_ref === txnRef).map((d) => d.httpStatus);
    if ((statuses.length > 0 && statuses.every((status) => status !== null)) || Date.now() > deadline) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an idle tunnel past every server timeout', () => {
  it('stays up with one URL, and a call made afterwards is finished by its notification', async () => {
    const up = await until(() => states.find((state) => state.status === 'up'), 10_000, "'up'");
    const url = supervisor.currentUrl();
    expect(url).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    // No flap: nothing after the first 'up', and the same public URL.
    expect(states.slice(states.indexOf(up) + 1)).toEqual([]);
    expect(supervisor.currentUrl()).toBe(url);

    listener.register('idle-call');
    const { json } = await api(sandbox, 'voice/call', {
      dest2: '+6581234567',
      notify_url: `${url}${listener.notifyPath('idle-call')}`,
    });
    expect(json.status).toBe('success_ok');
    const txnRef = json.txn_ref as string;
    const event = await until(() => notifications.find((item) => item.callId === 'idle-call'), 15_000, 'notification');
    expect(event.notification.txnRef).toBe(txnRef);
    // The listener sees the notification before the sandbox has read the answer: wait for its record (bounded).
    const statuses = await recordedStatuses(txnRef, 5_000);
    expect(statuses).toEqual([200]);
    expect(states.filter((state) => state.status === 'degraded')).toEqual([]);
  }, 30_000);
});
