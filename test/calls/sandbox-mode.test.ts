/**
 * Sandbox mode end to end through `dispatch`: createCore with no credentials starts the embedded
 * sandbox (real HTTP on 127.0.0.1, time-scale 0.01) and its notifications reach the listener
 * directly. Covers the call lifecycle, outcomes, duplicates, hangup, the local 8-call limit and
 * every voice/call status surfacing as its typed error (hoiio-api.md §7.8).
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/store/index.ts';
import { messageForStatus } from '../../src/main/core/hoiio/errors.ts';
import type { AccountStatus } from '../../src/shared/account.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { describeCallState } from '../../src/renderer/src/calls/describe-call.ts';
import { intlFor } from '../support/intl.ts';
import type { CallingTuning } from '../../src/main/core/index.ts';
import {
  sandboxControl,
  startTestCore,
  tempDir,
  type SandboxCall,
  type SandboxDelivery,
  type TestCore,
} from './helpers.ts';

const REGISTERED = '+6591234567';

async function controlUrlOf(app: TestCore): Promise<string> {
  const { baseUrl } = await app.ok<AccountStatus>('account:getStatus');
  return baseUrl.replace(/\/open$/, '/sandbox');
}

async function sandboxCalls(control: string): Promise<SandboxCall[]> {
  return (await sandboxControl<{ calls: SandboxCall[] }>(control, 'GET', 'calls')).calls;
}

function engine(sandbox: CallingTuning['sandbox']): CallingTuning {
  return { timeScale: 0.01, sandbox: { timeScale: 0.01, ...sandbox } };
}

describe('sandbox mode: a call from click to final record', () => {
  let app: TestCore;
  let control: string;

  beforeAll(async () => {
    app = await startTestCore();
    control = await controlUrlOf(app);
  });
  afterAll(() => app.close());

  it('starts the embedded sandbox when no credentials are saved', async () => {
    expect(await app.ok('app:getInfo')).toMatchObject({ mode: 'sandbox' });
    const status = await app.ok<AccountStatus>('account:getStatus');
    expect(status).toMatchObject({ mode: 'sandbox', configured: false, appId: null, keychainError: null });
    expect(status.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open$/);
    expect(await app.ok('tunnel:getState')).toEqual({ status: 'off', reason: 'sandbox' });
    expect(await app.ok('account:verify')).toMatchObject({ mode: 'sandbox', name: 'Sandbox Demo', balance: '100.000' });
  });

  it('places a call typed as a local number and follows it to "ended" by notification', async () => {
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '8123 4567' });
    expect(placed).toMatchObject({ mode: 'sandbox', state: 'live', dest1: REGISTERED, dest2: '+6581234567' });
    expect(placed.txnRef).toMatch(/^AA-C-\d+$/);
    expect(placed.tag).toBe(placed.id);

    const ended = await app.waitForCall(placed.id, (record) => record.state === 'ended');
    expect(ended).toMatchObject({
      txnRef: placed.txnRef,
      state: 'ended',
      statusDest1: 'answered',
      statusDest2: 'answered',
      outcome: 'connected',
      finalSource: 'notification',
      durationMinutes: 1,
      currency: 'USD',
      rate: '0.030',
      debit: '0.030',
      errorStatus: null,
    });
    expect(await app.ok('calls:get', { id: placed.id })).toEqual(ended);

    // One event per real change, in order: placing -> live -> ended.
    const states = app.updates.filter((record) => record.id === placed.id).map((record) => record.state);
    expect(states).toEqual(['placing', 'live', 'ended']);

    // The sandbox sent exactly one notification, straight to the loopback listener, which accepted it.
    const { deliveries } = await sandboxControl<{ deliveries: SandboxDelivery[] }>(control, 'GET', 'notifications');
    const delivery = deliveries.filter((entry) => entry.txn_ref === placed.txnRef);
    expect(delivery).toHaveLength(1);
    expect(delivery[0]).toMatchObject({ httpStatus: 200, error: null });
    expect(delivery[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hoiio\/notify\/[\w-]{32}$/);
    const call = await sandboxControl<SandboxCall>(control, 'GET', `calls/${placed.txnRef}`);
    expect(call.tag).toBe(placed.id);
  });

  it('records busy, unanswered and failed legs with their outcome and no charge', async () => {
    const cases = [
      { dest2: '+6581230001', statusDest2: 'busy', outcome: 'busy' },
      { dest2: '+6581230002', statusDest2: 'unanswered', outcome: 'no_answer' },
      { dest2: '+6581230003', statusDest2: 'failed', outcome: 'failed' },
    ] as const;
    const placed = await Promise.all(cases.map(({ dest2 }) => app.ok<CallRecord>('calls:place', { dest2 })));
    for (const [index, expected] of cases.entries()) {
      const ended = await app.waitForCall(placed[index]!.id, (record) => record.state === 'ended');
      expect(ended).toMatchObject({
        statusDest1: 'answered',
        statusDest2: expected.statusDest2,
        outcome: expected.outcome,
        durationMinutes: 0,
        debit: '0.000',
      });
    }
  });

  it('a duplicate notification changes nothing and emits nothing', async () => {
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+14155550100' });
    const ended = await app.waitForCall(placed.id, (record) => record.state === 'ended');
    const eventsBefore = app.updates.length;
    await sandboxControl(control, 'POST', `calls/${placed.txnRef}/renotify`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.updates.length).toBe(eventsBefore);
    expect(await app.ok('calls:get', { id: placed.id })).toEqual(ended);
  });

  it('refuses bad input at the contract and unknown calls with not_found', async () => {
    expect(await app.call('calls:place', { dest2: 12345 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await app.call('calls:place', { dest2: '+6581234567', accessToken: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await app.call('calls:get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('quotes the rate of a call', async () => {
    expect(await app.ok('rates:get', { dest2: '+1 (415) 555-0100', dest1: '9123 4567' })).toEqual({
      dest1: '+6591234567',
      dest2: '+14155550100',
      currency: 'USD',
      ratePerMinute: '0.029',
      talktimeMinutes: expect.any(Number) as number,
    });
  });
});

describe('sandbox mode: long calls', () => {
  let app: TestCore;
  let control: string;

  beforeAll(async () => {
    app = await startTestCore({ engine: engine({ talkSeconds: 3600 }) });
    control = await controlUrlOf(app);
  });
  afterAll(() => app.close());

  it('hangs up a call in progress', async () => {
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    const hungUp = await app.ok<CallRecord>('calls:hangup', { id: placed.id });
    expect(['live', 'ended']).toContain(hungUp.state);
    const ended = await app.waitForCall(placed.id, (record) => record.state === 'ended');
    expect(ended.finalSource).toBe('notification');
    const call = await sandboxControl<{ endedBy: string }>(control, 'GET', `calls/${placed.txnRef}`);
    expect(call.endedBy).toBe('hangup');
    // Hanging up a finished call is harmless.
    expect(await app.ok('calls:hangup', { id: placed.id })).toEqual(ended);
  });

  it('a live call reads the same while your phone rings and while you talk: Hoiio reports no step (both legs ongoing, §4)', async () => {
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234560' });
    type Legs = { legs: { leg: number; phase: string; status: string | null }[] };
    const legs = () => sandboxControl<Legs>(control, 'GET', `calls/${placed.txnRef}`);
    const seen = new Map<string, CallRecord>();
    // Bounded: the sandbox rings 4 s then talks for an hour (time scale 0.01).
    for (let attempt = 0; attempt < 400 && !seen.has('connected'); attempt += 1) {
      const phase = (await legs()).legs[1]!.phase;
      const record = await app.ok<CallRecord>('calls:get', { id: placed.id });
      if (record.state === 'live') seen.set(seen.size === 0 ? 'first' : phase, record);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const talking = seen.get('connected');
    expect(talking, 'the call reached the talking step while live').toBeDefined();
    const first = seen.get('first')!;
    // Nothing in what the app is told changes between the steps, so neither does the card's sentence.
    expect({ ...talking!, updatedAt: first.updatedAt }).toEqual(first);
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(describeCallState(intlFor(locale), talking!)).toBe(describeCallState(intlFor(locale), first));
    }
    expect(describeCallState(intlFor('en'), talking!)).toBe(
      'Call in progress: Hoiio rings your phone (+65 9123 4567) first, then the number you called, and connects you when both answer. Hoiio does not report which step the call is at; how it went shows when it ends.',
    );
    await app.ok('calls:hangup', { id: placed.id });
    // Ended before the next test counts the calls in progress.
    await app.waitForCall(placed.id, (record) => record.state === 'ended');
  });

  it('enforces the 8-concurrent-call limit locally, before asking Hoiio', async () => {
    const numbers = Array.from({ length: 8 }, (_, index) => `+658123450${index}`);
    await Promise.all(numbers.map((dest2) => app.ok('calls:place', { dest2 })));
    const eventsBefore = app.updates.length;
    const ninth = await app.call('calls:place', { dest2: '+6581234599' });
    expect(ninth).toMatchObject({
      ok: false,
      error: {
        code: 'hoiio',
        message: 'You already have 8 calls in progress. Wait for one to end.',
        details: { status: 'error_concurrent_call_limit_reached' },
      },
    });
    expect(app.updates.length).toBe(eventsBefore); // no log entry for a call never attempted
    const calls = await sandboxCalls(control);
    expect(calls.filter((call) => call.state === 'live')).toHaveLength(8);
    expect(calls.some((call) => call.dest2 === '+6581234599')).toBe(false);
  });
});

describe('sandbox mode: restart', () => {
  it('a sandbox-mode call left live at an unclean stop ends as "outcome unknown", never "not placed"', async () => {
    const dataDir = tempDir();

    const engine = { timeScale: 0.01, sandbox: { timeScale: 0.01, talkSeconds: 3600 } };
    const first = await startTestCore({ dataDir: dataDir.path, engine });
    const placed = await first.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    await first.core.close();
    const second = await startTestCore({ dataDir: dataDir.path, engine });

    // Settled while the core started, before anyone could subscribe: read it from the log.
    expect(await second.ok('calls:get', { id: placed.id })).toMatchObject({
      state: 'failed',
      finalSource: 'history',
      outcome: 'unknown',
      txnRef: placed.txnRef,
      errorStatus: 'sandbox_restarted',
      errorMessage: 'Outcome unknown: the sandbox restarted before this simulated call ended.',
    });
    // The card words it in every locale as "outcome unknown", never as "could not be placed".
    const lost = await second.ok<CallRecord>('calls:get', { id: placed.id });
    expect(describeCallState(intlFor('zh-CN'), lost)).toBe('结果未知：这次模拟通话结束前，沙盒已重新启动。');
    expect(describeCallState(intlFor('en'), lost)).toBe(
      'Outcome unknown: the sandbox restarted before this simulated call ended.',
    );
    await second.core.close();
    dataDir.remove();
  });

  it('references continue after the saved mark: a call after a restart is connected and billed, never "not placed"', async () => {
    const dataDir = tempDir();
    const tuning = engine({ talkSeconds: 1 });
    const first = await startTestCore({ dataDir: dataDir.path, engine: tuning });
    const refs: string[] = [];
    for (const dest2 of ['+6581234567', '+6581234568', '+6581234569']) {
      const placed = await first.ok<CallRecord>('calls:place', { dest2 });
      refs.push(placed.txnRef!);
      await first.waitForCall(placed.id, (call) => call.state === 'ended');
    }
    await first.core.close();

    const second = await startTestCore({ dataDir: dataDir.path, engine: tuning });
    const placed = await second.ok<CallRecord>('calls:place', { dest2: '+6581234570' });
    expect(refs).not.toContain(placed.txnRef);
    expect(Number(placed.txnRef!.slice(5))).toBeGreaterThan(Math.max(...refs.map((ref) => Number(ref.slice(5)))));
    const ended = await second.waitForCall(placed.id, (call) => call.state === 'ended');
    expect(ended).toMatchObject({ outcome: 'connected', debit: expect.stringMatching(/^0\.\d{3}$/) });
    expect(ended.debit).not.toBe('0.000');
    await second.core.close();
    dataDir.remove();
  });

  it('deleting every call (or losing the database) never lowers the mark: the file in the data folder keeps it', async () => {
    const dataDir = tempDir();
    const tuning = engine({ talkSeconds: 1 });
    const first = await startTestCore({ dataDir: dataDir.path, engine: tuning });
    const earlier = await first.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    await first.waitForCall(earlier.id, (call) => call.state === 'ended');
    await first.core.close();
    // Retention, "delete all calls" and restoring an older backup all leave a log without this call.
    for (const name of readdirSync(dataDir.path).filter((file) => file.startsWith(DATABASE_FILE_NAME))) {
      rmSync(path.join(dataDir.path, name), { force: true });
    }

    const second = await startTestCore({ dataDir: dataDir.path, engine: tuning });
    const placed = await second.ok<CallRecord>('calls:place', { dest2: '+6581234568' });
    expect(Number(placed.txnRef!.slice(5))).toBeGreaterThan(Number(earlier.txnRef!.slice(5)));
    await second.waitForCall(placed.id, (call) => call.outcome === 'connected');
    await second.core.close();
    dataDir.remove();
  });

  it('a reference that clashes with an older call (a data folder without its mark) keeps both calls and follows the new one', async () => {
    const dataDir = tempDir();
    const tuning = engine({ talkSeconds: 1 });
    const first = await startTestCore({ dataDir: dataDir.path, engine: tuning });
    const earlier = await first.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    await first.waitForCall(earlier.id, (call) => call.state === 'ended');
    await first.core.close();

    // A sandbox told to start from the same number again, as before the mark existed.
    const clashing = engine({ talkSeconds: 1, firstTxnNumber: Number(earlier.txnRef!.slice(5)) });
    const second = await startTestCore({ dataDir: dataDir.path, engine: clashing });
    const placed = await second.ok<CallRecord>('calls:place', { dest2: '+6581234568' });
    expect(placed.txnRef).toBe(earlier.txnRef);
    expect(placed.state).not.toBe('failed');
    const ended = await second.waitForCall(placed.id, (call) => call.state === 'ended');
    expect(ended.outcome).toBe('connected');
    expect(await second.ok('calls:get', { id: earlier.id })).toMatchObject({
      outcome: 'connected',
      dest2: '+6581234567',
    });
    await second.core.close();
    dataDir.remove();
  });
});

describe('sandbox mode: every voice/call status surfaces through dispatch as its typed error', () => {
  let app: TestCore;
  let control: string;
  const extraApps: TestCore[] = [];

  beforeAll(async () => {
    app = await startTestCore();
    control = await controlUrlOf(app);
  });
  afterEach(async () => {
    for (const extra of extraApps.splice(0)) await extra.close();
  });
  afterAll(() => app.close());

  async function expectRefusal(
    target: TestCore,
    input: Record<string, unknown>,
    status: string,
    context: { dest1?: string; dest2?: string },
    reachedHoiio: boolean,
  ): Promise<void> {
    const eventsBefore = target.updates.length;
    const result = await target.call('calls:place', input);
    const message = messageForStatus(status, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'hoiio', message, details: { status } } });
    const events = target.updates.slice(eventsBefore);
    if (reachedHoiio) {
      // The attempt is in the log as failed, by the request, with the status and the same message.
      expect(events.map((record) => record.state)).toEqual(['placing', 'failed']);
      expect(events.at(-1)).toMatchObject({ finalSource: 'request', errorStatus: status, errorMessage: message });
    } else {
      expect(events).toEqual([]);
    }
  }

  const CALLEE = '+6581234567';
  const armed = [
    'error_invalid_http_method',
    'error_malformed_params',
    'error_app_id_param_missing',
    'error_access_token_param_missing',
    'error_invalid_access_token',
    'error_invalid_app_id',
    'error_tag_invalid_length',
    'error_invalid_notify_url',
    'error_unable_to_resolve_notify_url',
    'error_unable_to_complete_ssl_handshake_notify_url',
    'error_internal_server_error',
    'error_invalid_max_duration',
  ];
  for (const status of armed) {
    it(`${status} (armed with /sandbox/faults: the app never sends such a request)`, async () => {
      await sandboxControl(control, 'POST', 'faults', { endpoint: 'voice/call', status, count: 1 });
      await expectRefusal(app, { dest2: CALLEE }, status, { dest1: REGISTERED, dest2: CALLEE }, true);
    });
  }

  const caughtLocally = [
    { status: 'error_dest2_param_missing', input: { dest2: ' ' }, context: {} },
    { status: 'error_dest1_invalid', input: { dest2: CALLEE, dest1: '+123' }, context: { dest1: '+123' } },
    { status: 'error_dest2_invalid', input: { dest2: '+99912345678' }, context: { dest2: '+99912345678' } },
    {
      status: 'error_dest1_not_supported',
      input: { dest2: CALLEE, dest1: '+88112345678' },
      context: { dest1: '+88112345678' },
    },
    { status: 'error_dest2_not_supported', input: { dest2: '+88212345678' }, context: { dest2: '+88212345678' } },
    { status: 'error_same_dest1_dest2', input: { dest2: REGISTERED }, context: {} },
  ];
  for (const { status, input, context } of caughtLocally) {
    it(`${status} (caught before asking Hoiio, same status and message)`, async () => {
      const callsBefore = await sandboxCalls(control);
      await expectRefusal(app, input, status, context, false);
      expect(await sandboxCalls(control)).toEqual(callsBefore);
    });
  }

  it('error_caller_id_invalid (a caller ID the account does not have)', async () => {
    await expectRefusal(app, { dest2: CALLEE, callerId: '+6560009999' }, 'error_caller_id_invalid', {}, true);
  });

  const realTriggers: { status: string; sandbox: CallingTuning['sandbox']; before?: number }[] = [
    { status: 'error_not_allowed_for_trial', sandbox: { trial: true } },
    { status: 'error_insufficient_credit', sandbox: { balance: '0' } },
    { status: 'error_call_service_not_available', sandbox: { failNextCallWith: 'error_call_service_not_available' } },
    { status: 'error_rate_limit_exceeded', sandbox: { rateLimit: 2 }, before: 2 },
  ];
  for (const { status, sandbox, before = 0 } of realTriggers) {
    it(`${status} (sandbox started with ${JSON.stringify(sandbox)})`, async () => {
      const target = await startTestCore({ engine: engine(sandbox) });
      extraApps.push(target);
      for (let index = 0; index < before; index += 1) await target.ok('calls:place', { dest2: CALLEE });
      await expectRefusal(target, { dest2: CALLEE }, status, { dest1: REGISTERED, dest2: CALLEE }, true);
    });
  }
});
