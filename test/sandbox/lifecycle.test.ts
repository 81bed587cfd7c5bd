/**
 * Simulated telephony and billing (hoiio-api.md §4, §7.3, §7.5): leg sequence and per-leg outcomes,
 * talk time, max_duration, the credit cap, hangup in every phase, the control API's forced outcomes,
 * and time-scale proportionality.
 */
import { describe, expect, it } from 'vitest';
import {
  api,
  control,
  controlCall,
  placeCall,
  sleep,
  start,
  waitFor,
  waitForEnd,
  waitForPhase,
  type ControlCall,
} from './helpers.ts';
import type { SandboxHandle } from '../../src/sandbox/index.ts';

async function finalStatus(sandbox: SandboxHandle, txnRef: string) {
  await waitForEnd(sandbox, txnRef);
  return (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
}

describe('call sequence', () => {
  it('dest1 rings, answers, then dest2 rings, answers, talk; the default call ends at t = 38 s, duration 1', async () => {
    // 0.1: dest1 rings for 400 ms, enough for the first read to find it ringing on a loaded machine.
    const sandbox = await start({ timeScale: 0.1 });
    const placed = Date.now();
    const txnRef = await placeCall(sandbox, { dest2: '+14155550100' });
    const first = await controlCall(sandbox, txnRef);
    expect(first.state).toBe('live');
    expect(first.legs).toEqual([
      { leg: 1, number: '+6591234567', phase: 'ringing', status: 'ongoing' },
      { leg: 2, number: '+14155550100', phase: 'pending', status: 'ongoing' },
    ]);
    const dest2Ringing = await waitForPhase(sandbox, txnRef, 2, 'ringing');
    expect(dest2Ringing.legs[0].phase).toBe('connected');
    expect(Date.now() - placed).toBeGreaterThanOrEqual(400 - 50); // ring 4 s
    const talking = await waitForPhase(sandbox, txnRef, 2, 'connected');
    expect(talking.legs.map((leg) => leg.status)).toEqual(['ongoing', 'ongoing']);
    expect(Date.now() - placed).toBeGreaterThanOrEqual(800 - 50);
    const ended = await waitForEnd(sandbox, txnRef);
    expect(Date.now() - placed).toBeGreaterThanOrEqual(3800 - 50);
    expect(ended).toMatchObject({ state: 'ended', duration: 1, debit: '0.029', endedBy: 'callee' });
    expect(ended.legs).toEqual([
      { leg: 1, number: '+6591234567', phase: 'ended', status: 'answered' },
      { leg: 2, number: '+14155550100', phase: 'ended', status: 'answered' },
    ]);
  });

  const outcomes: [string, Record<string, string>, [string, string], number][] = [
    ['dest1 busy (…0001) after 1 s', { dest1: '+6581230001', dest2: '+6587654321' }, ['busy', 'unanswered'], 10],
    [
      'dest1 unanswered (…0002) after the ring time',
      { dest1: '+6581230002', dest2: '+6587654321' },
      ['unanswered', 'unanswered'],
      40,
    ],
    ['dest1 failed (…0003) after 1 s', { dest1: '+6581230003', dest2: '+6587654321' }, ['failed', 'unanswered'], 10],
    ['dest2 busy (…0001)', { dest2: '+6581230001' }, ['answered', 'busy'], 50],
    ['dest2 unanswered (…0002)', { dest2: '+6581230002' }, ['answered', 'unanswered'], 80],
    ['dest2 failed (…0003)', { dest2: '+6581230003' }, ['answered', 'failed'], 50],
  ];
  for (const [name, fields, statuses, minMs] of outcomes) {
    it(`${name}: ${statuses.join(' / ')}, duration 0, debit 0.000`, async () => {
      const sandbox = await start({ timeScale: 0.01 });
      const placed = Date.now();
      const txnRef = await placeCall(sandbox, fields);
      const status = await finalStatus(sandbox, txnRef);
      expect(Date.now() - placed).toBeGreaterThanOrEqual(minMs - 5);
      expect(status).toMatchObject({
        call_status_dest1: statuses[0],
        call_status_dest2: statuses[1],
        duration: '0',
        debit: '0.000',
      });
      expect((await controlCall(sandbox, txnRef)).endedBy).toBe('leg_outcome');
      expect((await api(sandbox, 'user/get_balance')).json.balance).toBe('100.000');
    });
  }

  it('--ring-seconds and --talk-seconds set the timing; every delay scales with --time-scale', async () => {
    const fast = await start({ timeScale: 0.002, ringSeconds: 10, talkSeconds: 100 });
    const placed = Date.now();
    const txnRef = await placeCall(fast);
    const ended = await waitForEnd(fast, txnRef);
    const elapsed = Date.now() - placed;
    // (10 + 10 + 100) s × 0.002 = 240 ms.
    expect(elapsed).toBeGreaterThanOrEqual(235);
    expect(ended).toMatchObject({ duration: 2, debit: '0.060' });
  });
});

describe('billing', () => {
  it("the seed's example: +65 to +1 costs 0.029 per minute; the balance is debited when the call ends", async () => {
    const sandbox = await start({ talkSeconds: 150 });
    const txnRef = await placeCall(sandbox, { dest2: '+14155550100' });
    const status = await finalStatus(sandbox, txnRef);
    expect(status).toMatchObject({ rate: '0.029', duration: '3', debit: '0.087', currency: 'USD' });
    expect((await api(sandbox, 'user/get_balance')).json.balance).toBe('99.913');
  });

  it('max_duration ends the call (clock starts when dest2 answers)', async () => {
    const sandbox = await start({ talkSeconds: 300 });
    const short = await placeCall(sandbox, { max_duration: '5' });
    const long = await placeCall(sandbox, { max_duration: '61' });
    expect(await finalStatus(sandbox, short)).toMatchObject({ duration: '1', debit: '0.030' });
    expect((await controlCall(sandbox, short)).endedBy).toBe('max_duration');
    expect(await finalStatus(sandbox, long)).toMatchObject({ duration: '2', debit: '0.060' });
    expect((await controlCall(sandbox, long)).max_duration).toBe(61);
  });

  it('talk is capped at the talktime computed at creation (endedBy credit)', async () => {
    const sandbox = await start({ balance: '0.065', talkSeconds: 600 });
    const txnRef = await placeCall(sandbox);
    const ended = await waitForEnd(sandbox, txnRef);
    expect(ended).toMatchObject({ duration: 2, debit: '0.060', endedBy: 'credit' });
    expect((await api(sandbox, 'user/get_balance')).json.balance).toBe('0.005');
  });

  it('overlapping calls may take the balance below zero', async () => {
    const sandbox = await start({ balance: '0.030' });
    const a = await placeCall(sandbox);
    const b = await placeCall(sandbox);
    await waitForEnd(sandbox, a);
    await waitForEnd(sandbox, b);
    expect((await api(sandbox, 'user/get_balance')).json).toMatchObject({ balance: '-0.030', points: '-0.030' });
    expect((await api(sandbox, 'voice/call', { dest2: '+6581234567' })).json.status).toBe('error_insufficient_credit');
  });
});

describe('hangup', () => {
  it('while dest1 rings: unanswered / unanswered, nothing billed', async () => {
    const sandbox = await start({ ringSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    expect((await api(sandbox, 'voice/hangup', { txn_ref: txnRef })).json.status).toBe('success_ok');
    expect(await finalStatus(sandbox, txnRef)).toMatchObject({
      call_status_dest1: 'unanswered',
      call_status_dest2: 'unanswered',
      duration: '0',
      debit: '0.000',
    });
  });

  it('while dest2 rings: answered / unanswered, nothing billed', async () => {
    const sandbox = await start({ ringSeconds: 10 }); // dest1 answers after 100 ms, dest2 rings for 100 ms
    const txnRef = await placeCall(sandbox);
    await waitForPhase(sandbox, txnRef, 2, 'ringing');
    await api(sandbox, 'voice/hangup', { txn_ref: txnRef });
    expect(await finalStatus(sandbox, txnRef)).toMatchObject({
      call_status_dest1: 'answered',
      call_status_dest2: 'unanswered',
      duration: '0',
      debit: '0.000',
    });
  });

  it('while talking: answered / answered, talk measured as real elapsed time ÷ time-scale', async () => {
    // 0.02: 60 simulated seconds = 1.2 s real, so 1.5 s (75 s) leaves 0.9 s of slack for a slow machine.
    const sandbox = await start({ timeScale: 0.02, talkSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    await waitForPhase(sandbox, txnRef, 2, 'connected');
    await sleep(1500); // 75 simulated seconds → 2 minutes
    await api(sandbox, 'voice/hangup', { txn_ref: txnRef });
    expect(await finalStatus(sandbox, txnRef)).toMatchObject({
      call_status_dest1: 'answered',
      call_status_dest2: 'answered',
      duration: '2',
      debit: '0.060',
    });
    expect((await api(sandbox, 'user/get_balance')).json.balance).toBe('99.940');
  });

  it('an immediate hangup after connecting still bills the first block', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    await waitForPhase(sandbox, txnRef, 2, 'connected');
    await api(sandbox, 'voice/hangup', { txn_ref: txnRef });
    expect(await finalStatus(sandbox, txnRef)).toMatchObject({ duration: '1', debit: '0.030' });
  });
});

describe('control API: forcing outcomes and hangups (§7.9)', () => {
  it('a ringing leg resolves now; a pending leg gets a new scripted outcome', async () => {
    const sandbox = await start({ ringSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    const replaced = await control(sandbox, 'POST', `calls/${txnRef}/legs/2`, { outcome: 'busy' });
    expect(replaced.status).toBe(200);
    expect((replaced.json as ControlCall).legs[1]).toEqual({
      leg: 2,
      number: '+6581234567',
      phase: 'pending',
      status: 'ongoing',
    });
    const answered = await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'answered' });
    expect((answered.json as ControlCall).legs.map((leg) => leg.phase)).toEqual(['connected', 'ringing']);
    // dest2 now rings with the replaced outcome: busy resolves after 1 s (10 ms), not the ring time.
    const ended = await waitForEnd(sandbox, txnRef, 2000);
    expect(ended.legs.map((leg) => leg.status)).toEqual(['answered', 'busy']);
    expect(ended.endedBy).toBe('leg_outcome');
  });

  it('forcing answered on both legs connects the call; a connected or ended leg is a 409', async () => {
    const sandbox = await start({ ringSeconds: 3600, talkSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'answered' });
    const connected = await control(sandbox, 'POST', `calls/${txnRef}/legs/2`, { outcome: 'answered' });
    expect((connected.json as ControlCall).legs.map((leg) => leg.phase)).toEqual(['connected', 'connected']);
    const conflict = await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'busy' });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toMatch(/connected/);
    const hungUp = await control(sandbox, 'POST', `calls/${txnRef}/hangup`);
    expect(hungUp.status).toBe(200);
    expect(hungUp.json).toMatchObject({ state: 'ended', endedBy: 'control', duration: 1 });
    expect((await control(sandbox, 'POST', `calls/${txnRef}/legs/2`, { outcome: 'busy' })).status).toBe(409);
    // Hanging up an ended call changes nothing.
    expect((await control(sandbox, 'POST', `calls/${txnRef}/hangup`)).json).toEqual(hungUp.json);
  });

  it('forcing dest1 busy while ringing ends the call at once', async () => {
    const sandbox = await start({ ringSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    const forced = await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'failed' });
    expect(forced.json).toMatchObject({ state: 'ended', endedBy: 'leg_outcome', duration: 0, debit: '0.000' });
    expect((forced.json as ControlCall).legs.map((leg) => leg.status)).toEqual(['failed', 'unanswered']);
    const status = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
    expect(status).toMatchObject({ call_status_dest1: 'failed', call_status_dest2: 'unanswered' });
  });

  it('live calls count until they end; ended calls free their slot', async () => {
    const sandbox = await start({ talkSeconds: 3600, maxConcurrentCalls: 2 });
    const a = await placeCall(sandbox);
    await placeCall(sandbox);
    expect((await control(sandbox, 'GET', 'state')).json.liveCalls).toBe(2);
    expect((await api(sandbox, 'voice/call', { dest2: '+6581234567' })).json.status).toBe(
      'error_concurrent_call_limit_reached',
    );
    await api(sandbox, 'voice/hangup', { txn_ref: a });
    await waitFor(async () => (await control(sandbox, 'GET', 'state')).json.liveCalls === 1);
    expect((await api(sandbox, 'voice/call', { dest2: '+6581234567' })).json.status).toBe('success_ok');
  });
});
