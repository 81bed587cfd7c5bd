/**
 * `npm run bench:calls`: the calling engine's own latency on loopback, through the real path
 * (dispatch -> CallService -> HoiioClient -> embedded sandbox -> listener -> callUpdated event).
 *
 *  1. place -> sandbox: from `dispatch('calls:place')` to the sandbox receiving the voice/call
 *     request (Node's `http.server.request.start` diagnostics channel, same process clock);
 *  2. notification -> event: from the sandbox starting the notification request
 *     (`http.client.request.start`) to the `callUpdated` event with the final state.
 *
 * 500 calls (after 20 warm-up calls) at sandbox time-scale 0.01, at most 8 live at once (the
 * account limit). Prints p50/p90/p99/max; asserts nothing.
 * Flags: --calls <n> (default 500), --warmup <n> (default 20), --json.
 */
import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../src/main/core/index.ts';
import { dispatch } from '../src/main/ipc.ts';
import type { AccountStatus } from '../src/shared/account.ts';
import type { CallRecord } from '../src/shared/calls.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const CALLS = Number(values.calls);
const WARMUP = Number(values.warmup);
const MAX_LIVE = 8;
const TARGET_P99_MS = 20;

const voiceCallsReceivedAt: number[] = [];
const notificationSentAt = new Map<string, number>();
diagnostics.subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: http.IncomingMessage };
  if (request.url === '/open/voice/call') voiceCallsReceivedAt.push(performance.now());
});
diagnostics.subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: http.ClientRequest };
  if (request.path.startsWith('/hoiio/notify/')) notificationSentAt.set(request.path, performance.now());
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-calls-'));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const core = await createCore({
  dataDir,
  shell: 'browser',
  logger: silent,
  engine: { timeScale: 0.01, sandbox: { timeScale: 0.01, rateLimit: 0, balance: '1000000' } },
});

const finalAt = new Map<string, number>(); // txnRef -> when the final callUpdated event fired
const finished = new Map<string, () => void>(); // call id -> resolves its slot
core.events.on('callUpdated', (payload) => {
  const record = payload as CallRecord;
  if (record.state !== 'ended' && record.state !== 'failed') return;
  if (record.txnRef !== null && record.finalSource === 'notification') finalAt.set(record.txnRef, performance.now());
  finished.get(record.id)?.();
});

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const result = await dispatch(core.api, channel, input, silent);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

const placeToSandbox: number[] = [];
const measuredTxnRefs: string[] = [];
let live = 0;
let slotFreed: (() => void) | null = null;
const slotFree = (): Promise<void> => new Promise((resolve) => (slotFreed = resolve));

/** Places one call (waiting for a free slot first); resolves once placed, with a promise of its end. */
async function placeOne(index: number): Promise<{ ended: Promise<void> }> {
  while (live >= MAX_LIVE) await slotFree();
  live += 1;
  const receivedBefore = voiceCallsReceivedAt.length;
  const startedAt = performance.now();
  const record = await ok<CallRecord>('calls:place', {
    dest2: `+6581${String(234_000 + (index % 1000)).padStart(6, '0')}`,
  });
  const ended = new Promise<void>((resolve) => {
    finished.set(record.id, () => {
      finished.delete(record.id);
      live -= 1;
      slotFreed?.();
      resolve();
    });
  });
  // The record may already be final (a notification can beat the voice/call answer).
  if (record.state === 'ended' || record.state === 'failed') finished.get(record.id)?.();
  if (index >= WARMUP) {
    const receivedAt = voiceCallsReceivedAt[receivedBefore];
    if (receivedAt !== undefined) placeToSandbox.push(receivedAt - startedAt);
    if (record.txnRef !== null) measuredTxnRefs.push(record.txnRef);
  }
  return { ended };
}

const started = performance.now();
const pending: Promise<void>[] = [];
for (let index = 0; index < WARMUP + CALLS; index += 1) pending.push((await placeOne(index)).ended);
let giveUp: NodeJS.Timeout | undefined;
await Promise.race([Promise.all(pending), new Promise((resolve) => (giveUp = setTimeout(resolve, 60_000)))]);
clearTimeout(giveUp);
const elapsedS = (performance.now() - started) / 1000;

const { baseUrl } = await ok<AccountStatus>('account:getStatus');
const response = await fetch(`${baseUrl.replace(/\/open$/, '/sandbox')}/notifications`);
const { deliveries } = (await response.json()) as { deliveries: { txn_ref: string; url: string }[] };
const urlByTxnRef = new Map(deliveries.map((delivery) => [delivery.txn_ref, delivery.url]));
const notificationToEvent: number[] = [];
for (const txnRef of measuredTxnRefs) {
  const url = urlByTxnRef.get(txnRef);
  const sentAt = url === undefined ? undefined : notificationSentAt.get(new URL(url).pathname);
  const eventAt = finalAt.get(txnRef);
  if (sentAt !== undefined && eventAt !== undefined) notificationToEvent.push(eventAt - sentAt);
}

await core.close();
rmSync(dataDir, { recursive: true, force: true });

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(at(1)),
    mean: round(mean),
  };
}

const results = {
  calls: CALLS,
  warmup: WARMUP,
  timeScale: 0.01,
  elapsedSeconds: Math.round(elapsedS * 10) / 10,
  placeToSandboxMs: summary(placeToSandbox),
  notificationToEventMs: summary(notificationToEvent),
  node: process.version,
  cpus: os.cpus().length,
};

if (values.json) {
  console.log(JSON.stringify(results));
} else {
  const line = (title: string, s: ReturnType<typeof summary>): string =>
    `${title.padEnd(34)} n=${s.n}  p50 ${s.p50} ms  p90 ${s.p90} ms  p99 ${s.p99} ms  max ${s.max} ms  mean ${s.mean} ms` +
    `  (p99 target < ${TARGET_P99_MS} ms: ${s.p99 < TARGET_P99_MS ? 'met' : 'NOT met'})`;
  console.log(
    `calls bench: ${CALLS} calls (+${WARMUP} warm-up), sandbox time-scale 0.01, <= ${MAX_LIVE} live, ` +
      `${results.elapsedSeconds} s, Node ${process.version}, ${results.cpus} CPUs`,
  );
  console.log(line('calls.place -> sandbox voice/call', results.placeToSandboxMs));
  console.log(line('notification sent -> callUpdated', results.notificationToEventMs));
}
