/** Limits (hoiio-api.md §6): 8 live calls per account, fixed-window request limits per endpoint. */
import { describe, expect, it } from 'vitest';
import { api, apiStatus, control, placeCall, sleep, start, waitFor } from './helpers.ts';

describe('concurrency', () => {
  it('8 live calls by default; the 9th is refused until one ends', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    const refs: string[] = [];
    for (let i = 0; i < 8; i++) refs.push(await placeCall(sandbox));
    expect((await control(sandbox, 'GET', 'state')).json.liveCalls).toBe(8);
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe(
      'error_concurrent_call_limit_reached',
    );
    // Refused calls are not created.
    expect((await control(sandbox, 'GET', 'calls')).json.calls).toHaveLength(8);
    await api(sandbox, 'voice/hangup', { txn_ref: refs[3]! });
    await waitFor(async () => (await control(sandbox, 'GET', 'state')).json.liveCalls === 7);
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe('success_ok');
  });

  it('concurrent requests cannot overshoot the limit', async () => {
    const sandbox = await start({ talkSeconds: 3600, rateLimit: 0 });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () => apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })),
    );
    expect(statuses.filter((s) => s === 'success_ok')).toHaveLength(8);
    expect(statuses.filter((s) => s === 'error_concurrent_call_limit_reached')).toHaveLength(22);
  });

  it('--max-concurrent-calls changes the limit', async () => {
    const sandbox = await start({ talkSeconds: 3600, maxConcurrentCalls: 2 });
    await placeCall(sandbox);
    await placeCall(sandbox);
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe(
      'error_concurrent_call_limit_reached',
    );
  });
});

describe('request rate', () => {
  it('60 per window per endpoint by default; windows are independent per endpoint', async () => {
    const sandbox = await start();
    for (let i = 0; i < 60; i++) expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_rate_limit_exceeded');
    expect(await apiStatus(sandbox, 'voice/get_history')).toBe('success_ok');
    // get_info and get_active are never limited.
    for (let i = 0; i < 100; i++) {
      expect(await apiStatus(sandbox, 'user/get_info')).toBe('success_ok');
      expect(await apiStatus(sandbox, 'number/get_active')).toBe('success_ok');
    }
  });

  it('the window lasts --rate-window-seconds of real time, not scaled by --time-scale', async () => {
    const sandbox = await start({ rateLimit: 2, rateWindowSeconds: 1, timeScale: 0.001 });
    const opened = Date.now();
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_rate_limit_exceeded');
    await sleep(200); // 200 s of simulated time, 0.2 s of real time: still the same window
    if (Date.now() - opened < 900)
      expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_rate_limit_exceeded');
    await sleep(1000 - (Date.now() - opened) + 50);
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_rate_limit_exceeded');
  });

  it('faulted requests count toward the limit; --rate-limit 0 disables limiting', async () => {
    const sandbox = await start({ rateLimit: 2 });
    await control(sandbox, 'POST', 'faults', { endpoint: 'user/get_balance', status: 'error_internal_server_error' });
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_internal_server_error');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('error_rate_limit_exceeded');
    const unlimited = await start({ rateLimit: 0 });
    for (let i = 0; i < 200; i++)
      expect(await apiStatus(unlimited, 'voice/get_rate', { dest1: '+6591234567', dest2: '+6581234567' })).toBe(
        'success_ok',
      );
  });

  it('the control API is never rate limited', async () => {
    const sandbox = await start({ rateLimit: 1 });
    for (let i = 0; i < 50; i++) expect((await control(sandbox, 'GET', 'state')).status).toBe(200);
    expect(await apiStatus(sandbox, 'voice/get_history')).toBe('success_ok');
  });
});
