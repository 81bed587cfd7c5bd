/**
 * The call service against a real sandbox with a loopback proxy that can hold voice/call answers,
 * so a call's notification (sent by the sandbox straight to a real listener) can arrive while
 * voice/call is still unanswered, deterministically:
 * - a notification finishing the call before the voice/call answer, or before a lost answer is
 *   handled, leaves place() resolving with the final record (never an error that invites a redial);
 * - a correctly signed notification about another call (a replay to this call's path) changes
 *   nothing, while the call is still being placed and once its txn_ref is known.
 * Real parts throughout: sandbox, HoiioClient, NotificationListener, SQLite call log in a temp dir.
 */
import { createHmac } from 'node:crypto';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/main/core/account/backends.ts';
import { CallService } from '../../src/main/core/calls/call-service.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from '../../src/main/core/events.ts';
import { RequestBudget } from '../../src/main/core/calls/request-budget.ts';
import { callTimings } from '../../src/main/core/calls/timings.ts';
import { HoiioClient } from '../../src/main/core/hoiio/client.ts';
import { NotificationListener } from '../../src/main/core/notify/listener.ts';
import { createStore, type Store } from '../../src/main/core/store/index.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { defaultSettings } from '../../src/shared/settings.ts';
import { capturingLogger, eventually, sandboxControl, startTcpProxy, tempDir, type SandboxCall } from './helpers.ts';

const TOKEN = 'race-test-token-0123456789abcdef';

/**
 * A TCP proxy in front of the sandbox. While `hold()` is on, the answer to the next voice/call
 * request is kept back (the request itself reaches the sandbox, so the call exists) until
 * `release()` passes it on or `breakOff()` drops the connection without it.
 */
async function startHoldingProxy(targetBaseUrl: string) {
  let holding = false;
  let held: { client: net.Socket; chunks: Buffer[]; stop: () => void } | null = null;
  let onHeld: (() => void) | null = null;
  const proxy = await startTcpProxy(targetBaseUrl, (client, upstream) => {
    let holdThis = false;
    let chunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      if (holding && chunk.toString('latin1').startsWith('POST /open/voice/call ')) {
        holding = false;
        holdThis = true;
        chunks = []; // the connection may be kept alive across holds
        held = { client, chunks, stop: () => (holdThis = false) };
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!holdThis) {
        client.write(chunk);
        return;
      }
      chunks.push(chunk);
      onHeld?.();
      onHeld = null;
    });
  });
  const take = () => {
    const current = held;
    if (!current) throw new Error('no voice/call answer is held');
    held = null;
    current.stop();
    return current;
  };
  return {
    ...proxy,
    /** Holds the next voice/call answer; resolves once the sandbox has answered (the call exists). */
    hold(): Promise<void> {
      holding = true;
      return new Promise((resolve) => (onHeld = resolve));
    },
    release(): void {
      const { client, chunks } = take();
      for (const chunk of chunks) client.write(chunk);
    },
    breakOff(): void {
      take().client.destroy();
    },
  };
}

let sandbox: SandboxHandle;
let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
let dir: ReturnType<typeof tempDir>;
let store: Store;
let listener: NotificationListener;
let client: HoiioClient;
let service: CallService;
let updates: CallRecord[];
let warnings: string[];

beforeAll(async () => {
  // Calls talk for 300 simulated seconds (3 s real): they stay live unless the control API ends them.
  sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 300, rateLimit: 0, accessToken: TOKEN });
  proxy = await startHoldingProxy(sandbox.baseUrl);
});
afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
});

beforeEach(async () => {
  dir = tempDir('hoiio-races-');
  store = createStore({ dataDir: dir.path });
  listener = new NotificationListener({ getSigningKey: () => TOKEN });
  await listener.start();
  client = new HoiioClient({ baseUrl: proxy.baseUrl, credentials: { appId: sandbox.appId, accessToken: TOKEN } });
  const backend = createSandboxBackend(client, sandbox.registeredNumber, listener);
  updates = [];
  const captured = capturingLogger();
  warnings = captured.lines;
  const timings = callTimings(0.01);
  const events: CoreEvents = new TypedEmitter<CoreEventMap>();
  events.on('callUpdated', (record) => updates.push(record));
  service = new CallService({
    callLog: store.callLog,
    settings: { get: () => defaultSettings() },
    backends: { currentBackend: () => backend, backendFor: () => backend },
    timings,
    budget: new RequestBudget(timings.budgetRequests, timings.budgetWindowMs),
    events,
    logger: captured.logger,
  });
  // As the engine wires it.
  listener.on('notification', ({ callId, notification }) => service.applyNotification(callId, notification));
});
afterEach(async () => {
  await service.close();
  client.close();
  await listener.close();
  store.close();
  dir.remove();
});

/** The id of the call place() inserted after `from` updates (its first update comes with the insert). */
async function placingId(from: number): Promise<string> {
  return eventually(() => updates.slice(from).find((record) => record.state === 'placing')?.id, 5000, 'a new call');
}

async function sandboxCallTagged(tag: string): Promise<SandboxCall> {
  return eventually(
    async () => {
      const { calls } = await sandboxControl<{ calls: SandboxCall[] }>(sandbox.controlUrl, 'GET', 'calls');
      return calls.find((call) => call.tag === tag);
    },
    5000,
    `the sandbox call tagged ${tag}`,
  );
}

function updateOf(id: string, predicate: (record: CallRecord) => boolean): Promise<CallRecord> {
  return eventually(() => updates.find((record) => record.id === id && predicate(record)), 5000, `an update of ${id}`);
}

/** A body Hoiio would send (hoiio-api.md §5), signed with the account's token. */
function signedNotification(fields: { txnRef: string; tag: string; dest1: string; dest2: string }) {
  const body = new URLSearchParams({
    txn_ref: fields.txnRef,
    tag: fields.tag,
    dest1: fields.dest1,
    dest2: fields.dest2,
    call_status_dest1: 'answered',
    call_status_dest2: 'answered',
    date: '2024-05-01 10:00:00',
    duration: '7',
    currency: 'USD',
    rate: '0.030',
    debit: '0.210',
  }).toString();
  return { body, signature: createHmac('sha256', TOKEN).update(body).digest('hex') };
}

async function deliver(callId: string, notification: { body: string; signature: string }): Promise<number> {
  const response = await fetch(`${listener.localOrigin()}${listener.notifyPath(callId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hoiio-signature': notification.signature },
    body: notification.body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** A call placed without holding, ended through the control API: its notification is the one replayed. */
async function endedCall(dest2: string): Promise<CallRecord> {
  const placed = await service.place({ dest2 });
  await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`);
  return updateOf(placed.id, (record) => record.state === 'ended');
}

/** Places a call whose voice/call answer the proxy holds; resolves once the call exists and is in the log. */
async function placeWithAnswerHeld(): Promise<{ id: string; placing: Promise<CallRecord> }> {
  const from = updates.length;
  const held = proxy.hold();
  const placing = service.place({ dest2: '+6581234567' });
  await held;
  const id = await placingId(from);
  return { id, placing };
}

/** A call ended through the control API while its voice/call answer is held: the notification finishes it first. */
async function endedWhileAnswerHeld() {
  const { id, placing } = await placeWithAnswerHeld();
  const { txn_ref } = await sandboxCallTagged(id);
  await sandboxControl(sandbox.controlUrl, 'POST', `calls/${txn_ref}/hangup`);
  const ended = await updateOf(id, (record) => record.state === 'ended');
  return { id, txnRef: txn_ref, placing, ended };
}

describe('a notification that finishes the call before voice/call is answered', () => {
  it('place() resolves with the final record when the answer comes afterwards', async () => {
    const { id, txnRef, placing, ended } = await endedWhileAnswerHeld();
    expect(ended).toMatchObject({ txnRef, finalSource: 'notification' });

    proxy.release();
    const placed = await placing;
    expect(placed).toEqual(ended);
    expect(store.callLog.getById(id)).toEqual(ended);
    expect(updates.filter((record) => record.id === id).map((record) => record.state)).toEqual(['placing', 'ended']);
  });

  it('place() resolves with the final record when the answer is lost afterwards (no "unknown")', async () => {
    const { id, placing, ended } = await endedWhileAnswerHeld();

    proxy.breakOff();
    const placed = await placing;
    expect(placed).toEqual(ended);
    expect(store.callLog.getById(id)).toEqual(ended);
    expect(updates.filter((record) => record.id === id).map((record) => record.state)).toEqual(['placing', 'ended']);
  });
});

describe('a signed notification about another call, replayed to a call’s path', () => {
  it('changes nothing while the call is still being placed (no txn_ref yet)', async () => {
    const other = await endedCall('+14155550100');
    const { id, placing } = await placeWithAnswerHeld();
    const before = store.callLog.getById(id);
    expect(before).toMatchObject({ state: 'placing', txnRef: null });

    const replay = signedNotification({ txnRef: other.txnRef!, tag: other.id, dest1: other.dest1, dest2: other.dest2 });
    expect(await deliver(id, replay)).toBe(200); // signed correctly, so the listener takes it
    expect(store.callLog.getById(id)).toEqual(before);
    expect(updates.filter((record) => record.id === id)).toHaveLength(1);
    expect(warnings.some((line) => line.includes(`notification for call ${id}`))).toBe(true);

    proxy.release();
    const placed = await placing;
    const { txn_ref } = await sandboxCallTagged(id);
    expect(placed).toMatchObject({ state: 'live', txnRef: txn_ref });
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${txn_ref}/hangup`);
    await updateOf(id, (record) => record.state === 'ended' && record.finalSource === 'notification');
  });

  it('changes nothing once the txn_ref is known, even when it names this call’s txn_ref', async () => {
    const other = await endedCall('+14155550100');
    const placed = await service.place({ dest2: '+6581234567' });
    expect(placed.state).toBe('live');

    // Another call's tag with this call's txn_ref, and this call's tag with another call's txn_ref.
    const forged = [
      signedNotification({ txnRef: placed.txnRef!, tag: other.id, dest1: placed.dest1, dest2: placed.dest2 }),
      signedNotification({ txnRef: other.txnRef!, tag: placed.id, dest1: placed.dest1, dest2: placed.dest2 }),
    ];
    for (const notification of forged) expect(await deliver(placed.id, notification)).toBe(200);
    expect(store.callLog.getById(placed.id)).toEqual(placed);
    expect(updates.filter((record) => record.id === placed.id).map((record) => record.state)).toEqual([
      'placing',
      'live',
    ]);

    // The genuine notification still ends it.
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`);
    const ended = await updateOf(placed.id, (record) => record.state === 'ended');
    expect(ended).toMatchObject({ finalSource: 'notification', txnRef: placed.txnRef });
  });
});
