/** The control API under /sandbox/ (hoiio-api.md §7.9). */
import { describe, expect, it } from 'vitest';
import { api, apiStatus, control, deliveries, placeCall, request, start, startReceiver, waitFor } from './helpers.ts';

describe('control API', () => {
  it('GET /sandbox/state and POST /sandbox/account change balance and trial at run time', async () => {
    const sandbox = await start();
    expect((await control(sandbox, 'GET', 'state')).json).toEqual({
      balance: '100.000',
      currency: 'USD',
      trial: false,
      liveCalls: 0,
    });
    const changed = await control(sandbox, 'POST', 'account', { balance: '12.5', trial: true });
    expect(changed).toEqual({ status: 200, json: { balance: '12.500', currency: 'USD', trial: true, liveCalls: 0 } });
    expect((await api(sandbox, 'user/get_balance')).json.balance).toBe('12.500');
    expect((await api(sandbox, 'user/get_info')).json.user_status).toBe('trial');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe('error_not_allowed_for_trial');
    expect((await control(sandbox, 'POST', 'account', { balance: 3 })).json.balance).toBe('3.000');
    expect((await control(sandbox, 'POST', 'account', {})).json.trial).toBe(true);
  });

  it('GET /sandbox/calls (newest first) and /sandbox/calls/{txn_ref} show the Call shape', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    // An http notify_url is only resolved when the call is placed; nothing listens there.
    const receiver = 'http://127.0.0.1:9/unused';
    const first = await placeCall(sandbox, { tag: 'x', max_duration: '90' });
    const second = await placeCall(sandbox, { dest2: '+14155550100', notify_url: receiver, caller_id: 'private' });
    const { json } = await control(sandbox, 'GET', 'calls');
    expect(json.calls.map((c: { txn_ref: string }) => c.txn_ref)).toEqual([second, first]);
    const call = (await control(sandbox, 'GET', `calls/${first}`)).json;
    expect(Object.keys(call)).toEqual([
      'txn_ref',
      'dest1',
      'dest2',
      'caller_id',
      'tag',
      'notify_url',
      'max_duration',
      'date',
      'state',
      'rate',
      'legs',
      'duration',
      'debit',
      'endedBy',
    ]);
    expect(call).toMatchObject({
      txn_ref: first,
      dest1: '+6591234567',
      dest2: '+6581234567',
      caller_id: '+6591234567',
      tag: 'x',
      notify_url: null,
      max_duration: 90,
      state: 'live',
      rate: '0.030',
      duration: null,
      debit: null,
      endedBy: null,
    });
    expect(json.calls[0]).toMatchObject({ notify_url: receiver, caller_id: 'private', tag: null, max_duration: null });
  });

  it('errors: 404 unknown reference or route, 400 bad body, 405 wrong method', async () => {
    const sandbox = await start({ ringSeconds: 3600 });
    const txnRef = await placeCall(sandbox);
    expect((await control(sandbox, 'GET', 'calls/AA-C-42')).status).toBe(404);
    expect((await control(sandbox, 'POST', 'calls/AA-C-42/hangup')).status).toBe(404);
    expect((await control(sandbox, 'POST', 'calls/AA-C-42/legs/1', { outcome: 'busy' })).status).toBe(404);
    expect((await control(sandbox, 'GET', 'calls/%E0%A4')).status).toBe(404);
    expect((await control(sandbox, 'GET', 'nothing-here')).status).toBe(404);
    expect((await control(sandbox, 'POST', `calls/${txnRef}/legs/3`, { outcome: 'busy' })).status).toBe(404);
    expect((await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'maybe' })).status).toBe(400);
    expect((await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, {})).status).toBe(400);
    expect((await control(sandbox, 'POST', 'account', { balance: 'lots' })).status).toBe(400);
    expect((await control(sandbox, 'POST', 'account', { trial: 'yes' })).status).toBe(400);
    expect((await control(sandbox, 'POST', 'account', { bogus: 1 })).status).toBe(400);
    const notJson = await request(`${sandbox.controlUrl}/account`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text).error).toMatch(/JSON/);
    expect((await control(sandbox, 'POST', 'faults', { endpoint: 'voice/nothing', status: 'error_x' })).status).toBe(
      400,
    );
    expect((await control(sandbox, 'POST', 'faults', { endpoint: 'voice/call', status: 'success_ok' })).status).toBe(
      400,
    );
    expect(
      (await control(sandbox, 'POST', 'faults', { endpoint: 'voice/call', status: 'error_x', count: 0 })).status,
    ).toBe(400);
    const wrongMethod = await request(`${sandbox.controlUrl}/state`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect((await control(sandbox, 'GET', 'reset')).status).toBe(405);
    // The call is untouched by all that.
    expect((await control(sandbox, 'GET', `calls/${txnRef}`)).json.state).toBe('live');
  });

  it('POST /sandbox/faults arms faults for any endpoint and counts them', async () => {
    const sandbox = await start();
    expect(
      (
        await control(sandbox, 'POST', 'faults', {
          endpoint: 'voice/get_rate',
          status: 'error_call_service_not_available',
        })
      ).json,
    ).toEqual({ armed: 1 });
    expect(
      (
        await control(sandbox, 'POST', 'faults', {
          endpoint: 'voice/get_rate',
          status: 'error_internal_server_error',
          count: 2,
        })
      ).json,
    ).toEqual({ armed: 3 });
    const fields = { dest1: '+6591234567', dest2: '+6581234567' };
    expect(await apiStatus(sandbox, 'voice/get_rate', fields)).toBe('error_call_service_not_available');
    expect(await apiStatus(sandbox, 'voice/get_rate', fields)).toBe('error_internal_server_error');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'voice/get_rate', fields)).toBe('error_internal_server_error');
    expect(await apiStatus(sandbox, 'voice/get_rate', fields)).toBe('success_ok');
  });

  it('POST /sandbox/reset clears calls, deliveries, counters and faults, and restores the account', async () => {
    const sandbox = await start({ rateLimit: 3, ringSeconds: 3600, balance: '10' });
    const receiver = await startReceiver();
    const txnRef = await placeCall(sandbox, { notify_url: receiver.url });
    await control(sandbox, 'POST', `calls/${txnRef}/legs/1`, { outcome: 'busy' });
    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    await placeCall(sandbox); // live
    await control(sandbox, 'POST', 'account', { balance: '1', trial: true });
    await control(sandbox, 'POST', 'faults', { endpoint: 'user/get_balance', status: 'error_internal_server_error' });
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe('error_not_allowed_for_trial');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe('error_rate_limit_exceeded');

    const reset = await control(sandbox, 'POST', 'reset');
    expect(reset).toEqual({ status: 200, json: { balance: '10.000', currency: 'USD', trial: false, liveCalls: 0 } });
    expect((await control(sandbox, 'GET', 'calls')).json.calls).toEqual([]);
    expect((await control(sandbox, 'GET', 'notifications')).json.deliveries).toEqual([]);
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    // References stay unique per instance: numbering continues.
    expect(await placeCall(sandbox)).toBe('AA-C-1000003');
    expect((await control(sandbox, 'GET', 'state')).json.liveCalls).toBe(1);
  });
});
