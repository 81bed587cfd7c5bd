/**
 * `npm run soak:live [-- --minutes N]` (default 15; not part of `npm test`): live mode against the
 * sandbox at time-scale 1 through a real localtunnel server on 127.0.0.1, for N minutes of idle
 * stretches (30–120 s) and calls of 1–5 minutes (ended from the sandbox's control API), as a user
 * would leave the app running. Prints, one per line and then as one JSON line:
 * tunnel flaps (any state other than `up` after the first `up`, and public URL changes),
 * notifications delivered (HTTP 200) / failed, calls finished by notification / by polling.
 * Target (issue 10): 0 flaps and every notification delivered while the tunnel server is up.
 * Bounded: the run stops at N minutes (+ at most the last call's tail of 60 s); no internet.
 * Runs under scripts/with-keyring.sh (the credentials go to a throw-away keychain).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../src/main/core/index.ts';
import { dispatch } from '../src/main/ipc.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import type { CallRecord } from '../src/shared/calls.ts';
import type { TunnelStatus } from '../src/shared/tunnel.ts';
import { startTunnelServer } from '../test/helpers/tunnel-server.ts';

const TOKEN = 'soak-live-token-0123456789abcdef';
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '15' } } });
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
  process.stderr.write('soak:live: --minutes must be a number of minutes between 0 and 1440\n');
  process.exit(2);
}
const deadline = Date.now() + minutes * 60_000;
const random = (low: number, high: number) => low + Math.random() * (high - low);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const log = (line: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-soak-live-'));
const tunnelServer = await startTunnelServer();
// Calls last until the soak hangs them up (talk up to an hour); time-scale 1, as in the field.
const sandbox = await startSandbox({ timeScale: 1, talkSeconds: 3600, rateLimit: 0, accessToken: TOKEN });
const quiet = {
  info: () => {},
  warn: (...args: unknown[]) => log(`warn ${args.join(' ')}`),
  error: (...args: unknown[]) => log(`error ${args.join(' ')}`),
};
const core = await createCore({
  dataDir,
  shell: 'browser',
  logger: quiet,
  keychainService: `hoiio-soak-${process.pid}`,
});
const call = async <T>(channel: string, input?: unknown): Promise<T> => {
  const result = await dispatch(core.api, channel, input, quiet);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
};

const figures = {
  minutes,
  tunnelFlaps: 0,
  urlChanges: 0,
  notificationsDelivered: 0,
  notificationsFailed: 0,
  callsPlaced: 0,
  callsByNotification: 0,
  callsByPolling: 0,
  callsUnfinished: 0,
};
let lastUp: string | null = null;
let finished = false; // closing the app at the end turns the tunnel off: not a flap
core.events.on('tunnelState', (payload) => {
  const state = payload as TunnelStatus;
  if (finished) return;
  if (state.status === 'up') {
    if (lastUp !== null && state.url !== lastUp) figures.urlChanges += 1;
    lastUp = state.url;
    log(`tunnel up ${state.url}`);
  } else if (lastUp !== null) {
    figures.tunnelFlaps += 1;
    log(`tunnel ${JSON.stringify(state)}`);
  }
});

await call('settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: true, serverUrl: tunnelServer.url } });
await call('account:set', { appId: sandbox.appId, accessToken: TOKEN });
log(`live mode via ${tunnelServer.url}, for ${minutes} min`);

async function waitFinal(id: string, timeoutMs: number): Promise<CallRecord | null> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const record = await call<CallRecord>('calls:get', { id });
    if (record.state === 'ended' || record.state === 'failed') return record;
    await sleep(500);
  }
  return null;
}

while (Date.now() < deadline) {
  const idleMs = Math.min(random(30_000, 120_000), deadline - Date.now());
  log(`idle ${Math.round(idleMs / 1000)} s`);
  await sleep(idleMs);
  const remaining = deadline - Date.now();
  if (remaining < 70_000) break; // too little left for a call of at least a minute
  const talkMs = Math.min(random(60_000, 300_000), remaining - 10_000);
  const placed = await call<CallRecord>('calls:place', { dest2: '+6581234567' });
  figures.callsPlaced += 1;
  log(`call ${placed.txnRef} placed; hang up in ${Math.round(talkMs / 1000)} s`);
  await sleep(talkMs);
  await fetch(`${sandbox.controlUrl}/calls/${placed.txnRef}/hangup`, { method: 'POST' });
  const final = await waitFinal(placed.id, 60_000);
  if (!final) figures.callsUnfinished += 1;
  else if (final.finalSource === 'notification') figures.callsByNotification += 1;
  else figures.callsByPolling += 1;
  log(`call ${placed.txnRef} ended by ${final?.finalSource ?? 'nothing within 60 s'}`);
}

const { deliveries } = (await (await fetch(`${sandbox.controlUrl}/notifications`)).json()) as {
  deliveries: { httpStatus: number | null }[];
};
figures.notificationsDelivered = deliveries.filter((delivery) => delivery.httpStatus === 200).length;
figures.notificationsFailed = deliveries.length - figures.notificationsDelivered;

finished = true;
await core.close();
await sandbox.close();
await tunnelServer.close();
rmSync(dataDir, { recursive: true, force: true });

process.stdout.write(
  [
    `tunnel flaps: ${figures.tunnelFlaps} (public URL changes: ${figures.urlChanges})`,
    `notifications delivered: ${figures.notificationsDelivered}, failed: ${figures.notificationsFailed}`,
    `calls placed: ${figures.callsPlaced}; finished by notification: ${figures.callsByNotification}, by polling: ${figures.callsByPolling}, unfinished: ${figures.callsUnfinished}`,
    JSON.stringify(figures),
    '',
  ].join('\n'),
);
process.exit(0);
