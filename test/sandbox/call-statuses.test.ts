/**
 * voice/call: every result status of the seed (and the two SDK-only ones), each produced by its
 * documented trigger (hoiio-api.md §2.1, §7.8), over real HTTP.
 */
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  api,
  apiStatus,
  closedPort,
  control,
  credentials,
  form,
  placeCall,
  request,
  start,
  startReceiver,
} from './helpers.ts';

const DEST2 = '+6581234567';

describe('voice/call result statuses by trigger (§7.8)', () => {
  it('success_ok: valid credentials and dest2=+6581234567, txn_ref AA-C-<n> from 1000001', async () => {
    const sandbox = await start();
    const first = await api(sandbox, 'voice/call', { dest2: DEST2 });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.json).toEqual({ txn_ref: 'AA-C-1000001', status: 'success_ok' });
    expect(Object.keys(first.json)).toEqual(['txn_ref', 'status']);
    const second = await api(sandbox, 'voice/call', { dest2: DEST2 });
    expect(second.json.txn_ref).toBe('AA-C-1000002');
  });

  it('error_invalid_http_method: PUT or DELETE /open/voice/call', async () => {
    const sandbox = await start();
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await request(`${sandbox.baseUrl}/voice/call`, {
        method,
        body: form({ ...credentials(sandbox), dest2: DEST2 }),
      });
      expect(response.status, method).toBe(200);
      expect(JSON.parse(response.text), method).toEqual({ status: 'error_invalid_http_method' });
    }
    expect((await control(sandbox, 'GET', 'calls')).json.calls).toEqual([]);
  });

  it('error_malformed_params: dest2=%ZZ, tag=%FF, or a body over 64 KiB', async () => {
    const sandbox = await start();
    const base = form(credentials(sandbox));
    const post = (body: string | Buffer) =>
      request(`${sandbox.baseUrl}/voice/call`, { method: 'POST', body }).then((r) => JSON.parse(r.text).status);
    expect(await post(`${base}&dest2=%ZZ`)).toBe('error_malformed_params');
    expect(await post(`${base}&dest2=${encodeURIComponent(DEST2)}&tag=%FF`)).toBe('error_malformed_params');
    const big = `${base}&dest2=${encodeURIComponent(DEST2)}&tag=${'a'.repeat(64 * 1024)}`;
    expect(await post(big)).toBe('error_malformed_params');
    // Exactly 64 KiB is still readable (then the 256-character tag rule applies).
    const exact = `${base}&dest2=${encodeURIComponent(DEST2)}&x=`;
    expect(await post(exact + 'a'.repeat(64 * 1024 - exact.length))).toBe('success_ok');
  });

  it('error_X_param_missing: app_id, access_token or dest2 omitted or empty', async () => {
    const sandbox = await start();
    for (const value of [undefined, '']) {
      expect(await apiStatus(sandbox, 'voice/call', { app_id: value, dest2: DEST2 })).toBe(
        'error_app_id_param_missing',
      );
      expect(await apiStatus(sandbox, 'voice/call', { access_token: value, dest2: DEST2 })).toBe(
        'error_access_token_param_missing',
      );
      expect(await apiStatus(sandbox, 'voice/call', { dest2: value })).toBe('error_dest2_param_missing');
    }
  });

  it('error_invalid_app_id / error_invalid_access_token: a wrong value', async () => {
    const sandbox = await start({ appId: 'my-app', accessToken: 'secret-token' });
    expect(await apiStatus(sandbox, 'voice/call', { app_id: 'other', dest2: DEST2 })).toBe('error_invalid_app_id');
    expect(await apiStatus(sandbox, 'voice/call', { access_token: 'wrong', dest2: DEST2 })).toBe(
      'error_invalid_access_token',
    );
    // Names and values are case-sensitive.
    expect(await apiStatus(sandbox, 'voice/call', { app_id: 'MY-APP', dest2: DEST2 })).toBe('error_invalid_app_id');
  });

  it('error_tag_invalid_length: a 257-character tag (256 pass, counted in code points)', async () => {
    const sandbox = await start({ maxConcurrentCalls: 100 });
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, tag: 'x'.repeat(257) })).toBe(
      'error_tag_invalid_length',
    );
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, tag: 'x'.repeat(256) })).toBe('success_ok');
    // 256 astral characters are 512 UTF-16 units but 256 code points.
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, tag: '😀'.repeat(256) })).toBe('success_ok');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, tag: '😀'.repeat(257) })).toBe(
      'error_tag_invalid_length',
    );
  });

  it('error_dest1_invalid / error_dest2_invalid: no +, too short, no such country code', async () => {
    const sandbox = await start();
    for (const bad of ['6591234567', '+123', '+99912345678', '+65 9123 4567', '+0123456789', '+6591234567890123']) {
      expect(await apiStatus(sandbox, 'voice/call', { dest1: bad, dest2: DEST2 }), bad).toBe('error_dest1_invalid');
      expect(await apiStatus(sandbox, 'voice/call', { dest2: bad }), bad).toBe('error_dest2_invalid');
    }
    // The possible-length check, not the validity check: the doc example +6511111111 passes.
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6511111111' })).toBe('success_ok');
  });

  it('error_dest1_not_supported / error_dest2_not_supported: +881, +882, +883', async () => {
    const sandbox = await start();
    for (const number of ['+88112345678', '+88212345678', '+883123456789']) {
      expect(await apiStatus(sandbox, 'voice/call', { dest1: number, dest2: DEST2 }), number).toBe(
        'error_dest1_not_supported',
      );
      expect(await apiStatus(sandbox, 'voice/call', { dest2: number }), number).toBe('error_dest2_not_supported');
    }
  });

  it('error_not_allowed_for_trial: --trial dialling +6581234567; --trial-allowed admits a number', async () => {
    const trial = await start({ trial: true });
    expect(await apiStatus(trial, 'voice/call', { dest2: DEST2 })).toBe('error_not_allowed_for_trial');
    const allowed = await start({ trial: true, trialAllowed: '+6581234567,+14155550100' });
    expect(await apiStatus(allowed, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
    // Each effective leg is checked: dest1 outside the allowance fails too.
    expect(await apiStatus(allowed, 'voice/call', { dest1: '+6587654321', dest2: DEST2 })).toBe(
      'error_not_allowed_for_trial',
    );
    expect(await apiStatus(allowed, 'voice/call', { dest1: '+14155550100', dest2: DEST2 })).toBe('success_ok');
  });

  it('error_same_dest1_dest2: dest1 omitted, dest2 = the registered number', async () => {
    const sandbox = await start();
    expect(await apiStatus(sandbox, 'voice/call', { dest2: sandbox.registeredNumber })).toBe('error_same_dest1_dest2');
    expect(await apiStatus(sandbox, 'voice/call', { dest1: DEST2, dest2: DEST2 })).toBe('error_same_dest1_dest2');
    // An empty dest1 counts as absent, so the registered number is used.
    expect(await apiStatus(sandbox, 'voice/call', { dest1: '', dest2: sandbox.registeredNumber })).toBe(
      'error_same_dest1_dest2',
    );
  });

  it('error_invalid_notify_url: ftp://, 4001 characters, unparseable, no host', async () => {
    const sandbox = await start();
    const receiver = await startReceiver();
    const call = (notify_url: string) => apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url });
    expect(await call('ftp://example.com/x')).toBe('error_invalid_notify_url');
    expect(await call('not a url')).toBe('error_invalid_notify_url');
    expect(await call('http://')).toBe('error_invalid_notify_url');
    expect(await call('mailto:hook@example.com')).toBe('error_invalid_notify_url');
    const exactly4000 = `${receiver.url}/hook?pad=`;
    const padded = exactly4000 + 'a'.repeat(4000 - exactly4000.length);
    expect(padded).toHaveLength(4000);
    expect(await call(padded)).toBe('success_ok');
    expect(await call(`${padded}a`)).toBe('error_invalid_notify_url');
  });

  it('error_unable_to_resolve_notify_url: http://nowhere.invalid/hook', async () => {
    const sandbox = await start();
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: 'http://nowhere.invalid/hook' })).toBe(
      'error_unable_to_resolve_notify_url',
    );
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: 'https://a.b.invalid/' })).toBe(
      'error_unable_to_resolve_notify_url',
    );
  });

  it('error_unable_to_complete_ssl_handshake_notify_url: https to a plain-HTTP server or a closed port', async () => {
    const sandbox = await start();
    const plain = await startReceiver();
    expect(
      await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: `https://127.0.0.1:${plain.port}/` }),
    ).toBe('error_unable_to_complete_ssl_handshake_notify_url');
    const closed = await closedPort();
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: `https://127.0.0.1:${closed}/` })).toBe(
      'error_unable_to_complete_ssl_handshake_notify_url',
    );
    // The same plain server is fine over http.
    expect(
      await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: `http://127.0.0.1:${plain.port}/` }),
    ).toBe('success_ok');
  });

  it('error_unable_to_complete_ssl_handshake_notify_url: a server that never answers times out (--tls-timeout-ms)', async () => {
    const silent = net.createServer((socket) => socket.resume()); // reads the ClientHello, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const sandbox = await start({ tlsTimeoutMs: 200 });
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, notify_url: `https://127.0.0.1:${port}/` })).toBe(
        'error_unable_to_complete_ssl_handshake_notify_url',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('error_insufficient_credit: --balance 0; exactly one minute of credit is enough', async () => {
    const broke = await start({ balance: '0' });
    expect(await apiStatus(broke, 'voice/call', { dest2: DEST2 })).toBe('error_insufficient_credit');
    // +65 to +65 costs 0.030/min.
    const oneMinute = await start({ balance: '0.030' });
    expect(await apiStatus(oneMinute, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
    const justShort = await start({ balance: '0.029' });
    expect(await apiStatus(justShort, 'voice/call', { dest2: DEST2 })).toBe('error_insufficient_credit');
  });

  it('error_concurrent_call_limit_reached: 8 live calls, then a 9th', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    for (let i = 0; i < 8; i++) await placeCall(sandbox);
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_concurrent_call_limit_reached');
  });

  it('error_rate_limit_exceeded: --rate-limit 2, a 3rd voice/call within the window', async () => {
    const sandbox = await start({ rateLimit: 2 });
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_rate_limit_exceeded');
  });

  it('error_call_service_not_available: --fail-next-call-with, or POST /sandbox/faults', async () => {
    const flagged = await start({ failNextCallWith: 'error_call_service_not_available' });
    expect(await apiStatus(flagged, 'voice/call', { dest2: DEST2 })).toBe('error_call_service_not_available');
    expect(await apiStatus(flagged, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
    expect((await control(flagged, 'GET', 'calls')).json.calls).toHaveLength(1);

    const armed = await start();
    const { json } = await control(armed, 'POST', 'faults', {
      endpoint: 'voice/call',
      status: 'error_call_service_not_available',
      count: 2,
    });
    expect(json).toEqual({ armed: 2 });
    expect(await apiStatus(armed, 'voice/call', { dest2: DEST2 })).toBe('error_call_service_not_available');
    expect(await apiStatus(armed, 'voice/call', { dest2: DEST2 })).toBe('error_call_service_not_available');
    expect(await apiStatus(armed, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
  });

  it('error_internal_server_error: --fail-next-call-with, or POST /sandbox/faults; nothing created or debited', async () => {
    const flagged = await start({ failNextCallWith: 'error_internal_server_error' });
    expect(await apiStatus(flagged, 'voice/call', { dest2: DEST2 })).toBe('error_internal_server_error');
    const armed = await start();
    await control(armed, 'POST', 'faults', { endpoint: 'voice/call', status: 'error_internal_server_error' });
    // A fault only replaces a response that would otherwise succeed: a failing request leaves it armed.
    expect(await apiStatus(armed, 'voice/call', { dest2: 'bad' })).toBe('error_dest2_invalid');
    expect(await apiStatus(armed, 'voice/call', { dest2: DEST2 })).toBe('error_internal_server_error');
    const state = (await control(armed, 'GET', 'state')).json;
    expect(state).toEqual({ balance: '100.000', currency: 'USD', trial: false, liveCalls: 0 });
    expect((await control(armed, 'GET', 'calls')).json.calls).toEqual([]);
  });

  it('error_caller_id_invalid: a caller_id that is not the registered number, a Hoiio Number or private', async () => {
    const sandbox = await start({ hoiioNumbers: '+6531234567', maxConcurrentCalls: 100 });
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, caller_id: '+6599999999' })).toBe(
      'error_caller_id_invalid',
    );
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, caller_id: 'p' })).toBe('error_caller_id_invalid');
    for (const callerId of ['+6531234567', 'private', sandbox.registeredNumber, '']) {
      expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, caller_id: callerId }), callerId).toBe(
        'success_ok',
      );
    }
    const calls = (await control(sandbox, 'GET', 'calls')).json.calls;
    expect(calls.map((c: { caller_id: string }) => c.caller_id)).toEqual([
      sandbox.registeredNumber,
      sandbox.registeredNumber,
      'private',
      '+6531234567',
    ]);
  });

  it('error_invalid_max_duration: outside 1–86400 or not an integer', async () => {
    const sandbox = await start({ maxConcurrentCalls: 100 });
    for (const bad of ['0', '86401', '-5', '1.5', 'abc', '1e3', ' 5']) {
      expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, max_duration: bad }), bad).toBe(
        'error_invalid_max_duration',
      );
    }
    for (const good of ['1', '86400', '60', '']) {
      expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2, max_duration: good }), good).toBe('success_ok');
    }
  });
});

describe('validation order (§3)', () => {
  it('method before everything, then malformed, then credentials in order', async () => {
    const sandbox = await start();
    const put = await request(`${sandbox.baseUrl}/voice/call`, { method: 'PUT', body: 'dest2=%ZZ' });
    expect(JSON.parse(put.text).status).toBe('error_invalid_http_method');
    const malformed = await request(`${sandbox.baseUrl}/voice/call`, { method: 'POST', body: 'x=%ZZ' });
    expect(JSON.parse(malformed.text).status).toBe('error_malformed_params');
    expect(await apiStatus(sandbox, 'voice/call', { app_id: undefined, access_token: undefined })).toBe(
      'error_app_id_param_missing',
    );
    expect(await apiStatus(sandbox, 'voice/call', { app_id: 'wrong', access_token: undefined })).toBe(
      'error_access_token_param_missing',
    );
    expect(await apiStatus(sandbox, 'voice/call', { app_id: 'wrong', access_token: 'wrong' })).toBe(
      'error_invalid_app_id',
    );
  });

  it('the rate limit comes before parameter checks and counts requests that fail later', async () => {
    const sandbox = await start({ rateLimit: 2 });
    expect(await apiStatus(sandbox, 'voice/call', {})).toBe('error_dest2_param_missing');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: 'bad' })).toBe('error_dest2_invalid');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_rate_limit_exceeded');
    // Requests failing before step 7 do not count.
    const other = await start({ rateLimit: 1 });
    expect(await apiStatus(other, 'voice/call', { access_token: 'wrong', dest2: DEST2 })).toBe(
      'error_invalid_access_token',
    );
    expect(await apiStatus(other, 'voice/call', { dest2: DEST2 })).toBe('success_ok');
  });

  it('formats in order: dest1, dest2, caller_id, max_duration, tag, notify_url', async () => {
    const sandbox = await start();
    const all = {
      dest1: 'bad',
      dest2: 'bad',
      caller_id: 'nobody',
      max_duration: '0',
      tag: 'x'.repeat(300),
      notify_url: 'ftp://x',
    };
    const steps: [keyof typeof all, string][] = [
      ['dest1', 'error_dest1_invalid'],
      ['dest2', 'error_dest2_invalid'],
      ['caller_id', 'error_caller_id_invalid'],
      ['max_duration', 'error_invalid_max_duration'],
      ['tag', 'error_tag_invalid_length'],
      ['notify_url', 'error_invalid_notify_url'],
    ];
    const fixed = {
      dest1: '+6587654321',
      dest2: DEST2,
      caller_id: 'private',
      max_duration: '60',
      tag: 't',
      notify_url: '',
    };
    const fields: Record<string, string | undefined> = { ...all };
    for (const [name, status] of steps) {
      expect(await apiStatus(sandbox, 'voice/call', fields), name).toBe(status);
      fields[name] = fixed[name];
    }
    expect(await apiStatus(sandbox, 'voice/call', fields)).toBe('success_ok');
  });

  it('after formats: same number, not supported (dest1 then dest2), trial, credit, concurrency, fault', async () => {
    const sandbox = await start({ trial: true, balance: '0' });
    // A format error wins over everything after step 9.
    expect(await apiStatus(sandbox, 'voice/call', { dest1: '+88112345678', dest2: 'bad' })).toBe('error_dest2_invalid');
    expect(await apiStatus(sandbox, 'voice/call', { dest1: '+88112345678', dest2: '+88112345678' })).toBe(
      'error_same_dest1_dest2',
    );
    expect(await apiStatus(sandbox, 'voice/call', { dest1: '+88112345678', dest2: '+88212345678' })).toBe(
      'error_dest1_not_supported',
    );
    expect(await apiStatus(sandbox, 'voice/call', { dest2: '+88212345678' })).toBe('error_dest2_not_supported');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_not_allowed_for_trial');
    await control(sandbox, 'POST', 'account', { trial: false });
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_insufficient_credit');
    await control(sandbox, 'POST', 'account', { balance: '100' });
    await control(sandbox, 'POST', 'faults', { endpoint: 'voice/call', status: 'error_internal_server_error' });
    const limited = await start({ maxConcurrentCalls: 0 });
    await control(limited, 'POST', 'faults', { endpoint: 'voice/call', status: 'error_internal_server_error' });
    expect(await apiStatus(limited, 'voice/call', { dest2: DEST2 })).toBe('error_concurrent_call_limit_reached');
    expect(await apiStatus(sandbox, 'voice/call', { dest2: DEST2 })).toBe('error_internal_server_error');
  });
});
