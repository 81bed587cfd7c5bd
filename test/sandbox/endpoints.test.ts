/**
 * The other endpoints' result statuses (hoiio-api.md §2.2–§2.8), each by its trigger, plus the statuses
 * every endpoint can return (§2 preamble), over real HTTP.
 */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../src/sandbox/dates.ts';
import {
  api,
  apiStatus,
  control,
  credentials,
  ENDPOINTS,
  form,
  placeCall,
  request,
  start,
  waitForEnd,
} from './helpers.ts';

/** Minimal valid parameters per endpoint (besides credentials). */
const VALID: Record<string, (txnRef: string) => Record<string, string>> = {
  'voice/call': () => ({ dest2: '+6581234567' }),
  'voice/query_status': (txnRef) => ({ txn_ref: txnRef }),
  'voice/get_history': () => ({}),
  'voice/get_rate': () => ({ dest1: '+6591234567', dest2: '+14155550100' }),
  'voice/hangup': (txnRef) => ({ txn_ref: txnRef }),
  'user/get_balance': () => ({}),
  'user/get_info': () => ({}),
  'number/get_active': () => ({}),
};
/** Every endpoint is rate-limited but user/get_info and number/get_active. */
const RATE_LIMITED = new Set(
  ENDPOINTS.filter((endpoint) => endpoint !== 'user/get_info' && endpoint !== 'number/get_active'),
);

describe('statuses every endpoint can return', () => {
  for (const [endpoint, valid] of Object.entries(VALID)) {
    it(`${endpoint}: success_ok, method, malformed, credentials, internal error (fault), rate limit`, async () => {
      const sandbox = await start({ rateLimit: 20, maxConcurrentCalls: 100 });
      const txnRef = await placeCall(sandbox);
      const fields = valid(txnRef);
      const url = `${sandbox.baseUrl}/${endpoint}`;
      const count = endpoint === 'voice/call' ? 1 : 0;

      expect(await apiStatus(sandbox, endpoint, fields)).toBe('success_ok');
      const put = await request(url, { method: 'PUT', body: form({ ...credentials(sandbox), ...fields }) });
      expect(JSON.parse(put.text)).toEqual({ status: 'error_invalid_http_method' });
      const malformed = await request(`${url}?${form({ ...credentials(sandbox), ...fields })}&x=%G0`);
      expect(JSON.parse(malformed.text)).toEqual({ status: 'error_malformed_params' });
      expect(await apiStatus(sandbox, endpoint, { ...fields, app_id: undefined })).toBe('error_app_id_param_missing');
      expect(await apiStatus(sandbox, endpoint, { ...fields, access_token: '' })).toBe(
        'error_access_token_param_missing',
      );
      expect(await apiStatus(sandbox, endpoint, { ...fields, app_id: 'nope' })).toBe('error_invalid_app_id');
      expect(await apiStatus(sandbox, endpoint, { ...fields, access_token: 'nope' })).toBe(
        'error_invalid_access_token',
      );

      const armed = await control(sandbox, 'POST', 'faults', { endpoint, status: 'error_internal_server_error' });
      expect(armed).toEqual({ status: 200, json: { armed: 1 } });
      const faulted = await api(sandbox, endpoint, fields);
      expect(faulted.json).toEqual({ status: 'error_internal_server_error' });
      expect(await apiStatus(sandbox, endpoint, fields)).toBe('success_ok');

      // 1 (+1 call) + 1 fault + 1 success so far counted; use up the window of 20.
      const used = 3 + count;
      for (let i = used; i < 20; i++) expect(await apiStatus(sandbox, endpoint, fields)).toBe('success_ok');
      expect(await apiStatus(sandbox, endpoint, fields)).toBe(
        RATE_LIMITED.has(endpoint) ? 'error_rate_limit_exceeded' : 'success_ok',
      );
    });
  }
});

/** The fields voice/query_status answers with first, in this order, whether the call is live or ended. */
const QUERY_STATUS_LEADING_FIELDS = [
  'status',
  'txn_ref',
  'dest1',
  'dest2',
  'call_status_dest1',
  'call_status_dest2',
  'date',
];

describe('voice/query_status (§2.2)', () => {
  it('error_txn_ref_param_missing and error_invalid_txn_ref', async () => {
    const sandbox = await start();
    expect(await apiStatus(sandbox, 'voice/query_status', {})).toBe('error_txn_ref_param_missing');
    expect(await apiStatus(sandbox, 'voice/query_status', { txn_ref: '' })).toBe('error_txn_ref_param_missing');
    expect(await apiStatus(sandbox, 'voice/query_status', { txn_ref: 'AA-C-1000001' })).toBe('error_invalid_txn_ref');
  });

  it('while live: both legs ongoing, no duration or debit; after: final statuses, duration, debit last', async () => {
    const sandbox = await start({ talkSeconds: 60 });
    const txnRef = await placeCall(sandbox, { dest2: '+14155550100' });
    const live = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
    expect(Object.keys(live)).toEqual([...QUERY_STATUS_LEADING_FIELDS, 'currency', 'rate']);
    expect(live).toMatchObject({
      status: 'success_ok',
      txn_ref: txnRef,
      dest1: '+6591234567',
      dest2: '+14155550100',
      call_status_dest1: 'ongoing',
      call_status_dest2: 'ongoing',
      currency: 'USD',
      rate: '0.029',
    });
    expect(live.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const balanceWhileLive = (await api(sandbox, 'user/get_balance')).json.balance;
    expect(balanceWhileLive).toBe('100.000');

    await waitForEnd(sandbox, txnRef);
    const ended = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
    expect(Object.keys(ended)).toEqual([...QUERY_STATUS_LEADING_FIELDS, 'duration', 'currency', 'rate', 'debit']);
    expect(ended).toEqual({
      ...live,
      call_status_dest1: 'answered',
      call_status_dest2: 'answered',
      duration: '1',
      debit: '0.029',
    });
  });

  it('echoes tag iff the call request had the parameter, even empty', async () => {
    const sandbox = await start();
    const withTag = await placeCall(sandbox, { tag: 'order-42' });
    const emptyTag = await placeCall(sandbox, { tag: '' });
    const noTag = await placeCall(sandbox);
    const get = async (txn_ref: string) => (await api(sandbox, 'voice/query_status', { txn_ref })).json;
    expect((await get(withTag)).tag).toBe('order-42');
    expect(await get(emptyTag)).toHaveProperty('tag', '');
    expect(Object.keys(await get(emptyTag))[2]).toBe('tag');
    expect(await get(noTag)).not.toHaveProperty('tag');
  });
});

describe('voice/hangup (§2.5)', () => {
  it('error_txn_ref_param_missing, error_invalid_txn_ref, success_ok; an ended call → success_ok, unchanged', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    expect(await apiStatus(sandbox, 'voice/hangup', {})).toBe('error_txn_ref_param_missing');
    expect(await apiStatus(sandbox, 'voice/hangup', { txn_ref: 'AA-C-9' })).toBe('error_invalid_txn_ref');
    const txnRef = await placeCall(sandbox);
    expect((await api(sandbox, 'voice/hangup', { txn_ref: txnRef })).json).toEqual({ status: 'success_ok' });
    const ended = await waitForEnd(sandbox, txnRef);
    expect(ended.endedBy).toBe('hangup');
    expect(await apiStatus(sandbox, 'voice/hangup', { txn_ref: txnRef })).toBe('success_ok');
    expect((await control(sandbox, 'GET', `calls/${txnRef}`)).json).toEqual(ended);
  });
});

describe('voice/get_history errors (§2.3)', () => {
  it('error_from_invalid, error_to_invalid, error_page_invalid, error_to_before_from, in that order', async () => {
    const sandbox = await start();
    const status = (fields: Record<string, string>) => apiStatus(sandbox, 'voice/get_history', fields);
    for (const bad of ['2024-05-01', '2024-05-01T10:00:00', '2024-02-30 10:00:00', '2024-05-01 24:00:00', 'x']) {
      expect(await status({ from: bad, to: 'bad', page: '0' }), bad).toBe('error_from_invalid');
      expect(await status({ to: bad, page: '0' }), bad).toBe('error_to_invalid');
    }
    for (const bad of ['0', '-1', '01', '1.5', 'one'])
      expect(await status({ page: bad }), bad).toBe('error_page_invalid');
    expect(await status({ from: '2024-05-02 00:00:00', to: '2024-05-01 23:59:59', page: 'x' })).toBe(
      'error_page_invalid',
    );
    expect(await status({ from: '2024-05-02 00:00:00', to: '2024-05-01 23:59:59' })).toBe('error_to_before_from');
    expect(await status({ from: '2024-05-01 10:00:00', to: '2024-05-01 10:00:00.5' })).toBe('success_ok');
    expect(await status({ from: '2024-05-01 10:00:00.0', page: '7' })).toBe('success_ok');
  });
});

describe('voice/get_rate (§2.4)', () => {
  it('success: rate of both legs, talktime = floor(balance / rate)', async () => {
    const sandbox = await start();
    const { json } = await api(sandbox, 'voice/get_rate', { dest1: '+6591234567', dest2: '+14155550100' });
    expect(json).toEqual({ status: 'success_ok', currency: 'USD', rate: '0.029', talktime: '3448' });
    expect(Object.keys(json)).toEqual(['status', 'currency', 'rate', 'talktime']);
    await control(sandbox, 'POST', 'account', { balance: '-1' });
    expect((await api(sandbox, 'voice/get_rate', { dest1: '+6591234567', dest2: '+14155550100' })).json.talktime).toBe(
      '0',
    );
  });

  it('the rate table (§7.4): +65 .015, +1 .014, +44 .020, +61 .025, +852 .018, +60 .022, other .050', async () => {
    const sandbox = await start({ rateLimit: 0 });
    const cases: [string, string][] = [
      ['+6581234567', '0.030'],
      ['+14155550100', '0.029'],
      ['+447911123456', '0.035'],
      ['+61412345678', '0.040'],
      ['+85212345678', '0.033'],
      ['+60123456789', '0.037'],
      ['+4915112345678', '0.065'],
    ];
    for (const [dest2, rate] of cases) {
      expect((await api(sandbox, 'voice/get_rate', { dest1: '+6591234567', dest2 })).json.rate, dest2).toBe(rate);
    }
  });

  it('errors: dest1/dest2 missing, invalid, not supported; no same-number, trial or credit check', async () => {
    const sandbox = await start({ trial: true, balance: '0' });
    const status = (fields: Record<string, string>) => apiStatus(sandbox, 'voice/get_rate', fields);
    expect(await status({ dest2: '+6581234567' })).toBe('error_dest1_param_missing');
    expect(await status({ dest1: '+6581234567' })).toBe('error_dest2_param_missing');
    expect(await status({ dest1: 'x', dest2: 'y' })).toBe('error_dest1_invalid');
    expect(await status({ dest1: '+6581234567', dest2: '+123' })).toBe('error_dest2_invalid');
    expect(await status({ dest1: '+88112345678', dest2: '+88212345678' })).toBe('error_dest1_not_supported');
    expect(await status({ dest1: '+6581234567', dest2: '+883123456789' })).toBe('error_dest2_not_supported');
    const same = await api(sandbox, 'voice/get_rate', { dest1: '+6581234567', dest2: '+6581234567' });
    expect(same.json).toEqual({ status: 'success_ok', currency: 'USD', rate: '0.030', talktime: '0' });
  });
});

describe('user and number endpoints (§2.6–§2.8)', () => {
  it('user/get_balance: balance = points, bonus 0.000, debited when a call ends', async () => {
    const sandbox = await start({ balance: '54.65', currency: 'SGD' });
    const { json } = await api(sandbox, 'user/get_balance');
    expect(json).toEqual({
      status: 'success_ok',
      currency: 'SGD',
      balance: '54.650',
      points: '54.650',
      bonus: '0.000',
    });
    expect(Object.keys(json)).toEqual(['status', 'currency', 'balance', 'points', 'bonus']);
    const txnRef = await placeCall(sandbox);
    await waitForEnd(sandbox, txnRef);
    expect((await api(sandbox, 'user/get_balance')).json).toMatchObject({ balance: '54.620', points: '54.620' });
  });

  it('user/get_info: the sandbox account, trial status, caller IDs, derived country and prefix', async () => {
    const sandbox = await start({ hoiioNumbers: '+6531234567,+6531234568' });
    const { json } = await api(sandbox, 'user/get_info');
    expect(json).toEqual({
      status: 'success_ok',
      uid: 'AA-1',
      name: 'Sandbox Demo',
      mobile_number: '+6591234567',
      caller_ids: ['+6591234567', '+6531234567', '+6531234568', 'private'],
      country: 'SG',
      prefix: '+65',
      currency: 'USD',
      time_zone: 'GMT+0800SG',
      user_status: 'active',
    });
    expect(json).not.toHaveProperty('email');
    const us = await start({ registeredNumber: '+14155550100', trial: true });
    expect((await api(us, 'user/get_info')).json).toMatchObject({
      mobile_number: '+14155550100',
      caller_ids: ['+14155550100', 'private'],
      country: 'US',
      prefix: '+1',
      user_status: 'trial',
    });
  });

  it('number/get_active: one voice entry per --hoiio-numbers entry, expiring a year after start', async () => {
    const none = await start();
    expect((await api(none, 'number/get_active')).json).toEqual({
      status: 'success_ok',
      total_entries_count: '0',
      entries_count: '0',
      entries: [],
    });
    const before = Date.now();
    const sandbox = await start({ hoiioNumbers: ['+6531234567', '+85221234567'] });
    const { json } = await api(sandbox, 'number/get_active');
    const expiry = formatDate(before + 365 * 24 * 3600 * 1000);
    expect(json).toEqual({
      status: 'success_ok',
      total_entries_count: '2',
      entries_count: '2',
      entries: [
        {
          number: '+6531234567',
          mode: 'voice',
          expiry,
          auto_extend_status: 'enabled',
          country: 'SG',
          capabilities: ['VOICE'],
        },
        {
          number: '+85221234567',
          mode: 'voice',
          expiry,
          auto_extend_status: 'enabled',
          country: 'HK',
          capabilities: ['VOICE'],
        },
      ],
    });
  });
});

describe('paths', () => {
  it('unknown and out-of-scope paths → HTTP 404 {"status":"error_not_found"}', async () => {
    const sandbox = await start();
    for (const path of [
      '/open/voice/conference',
      '/open/sms/send',
      '/open/fax/send',
      '/open/voice/call/',
      '/',
      '/open',
      '/foo',
    ]) {
      const url = `${sandbox.baseUrl.replace(/\/open$/, '')}${path}`;
      const response = await request(url, { method: 'POST', body: form(credentials(sandbox)) });
      expect(response.status, path).toBe(404);
      expect(JSON.parse(response.text), path).toEqual({ status: 'error_not_found' });
    }
  });
});
