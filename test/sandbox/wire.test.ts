/**
 * The wire protocol (hoiio-api.md §1): GET and POST equivalence, query/body merge rules, form bodies
 * whatever the Content-Type, string scalars, 3-decimal money, GMT+8 dates, and malformed input answered
 * with `error_malformed_params` while the server stays up.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { api, apiStatus, control, credentials, form, placeCall, request, start, waitForEnd } from './helpers.ts';
import type { SandboxHandle } from '../../src/sandbox/index.ts';

async function post(
  sandbox: SandboxHandle,
  endpoint: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  const response = await request(`${sandbox.baseUrl}/${endpoint}`, { method: 'POST', body, headers });
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(response.text) as Record<string, unknown> & { status: string };
}

/** Every scalar in a JSON value is a string (lists are arrays). */
function allScalarsAreStrings(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(allScalarsAreStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allScalarsAreStrings);
  return typeof value === 'string';
}

describe('GET and POST are interchangeable', () => {
  it('every endpoint answers the same to GET (query string) and POST (form body)', async () => {
    const sandbox = await start({ hoiioNumbers: '+6531234567', talkSeconds: 3600 });
    const txnRef = await placeCall(sandbox, { tag: 'a b+c' });
    const cases: [string, Record<string, string>][] = [
      ['voice/query_status', { txn_ref: txnRef }],
      ['voice/get_history', { page: '1' }],
      ['voice/get_rate', { dest1: '+6591234567', dest2: '+447911123456' }],
      ['user/get_balance', {}],
      ['user/get_info', {}],
      ['number/get_active', {}],
      ['voice/query_status', {}],
      ['voice/get_rate', { dest1: '+6591234567', dest2: '%' }],
    ];
    for (const [endpoint, fields] of cases) {
      const viaGet = await api(sandbox, endpoint, fields, 'GET');
      const viaPost = await api(sandbox, endpoint, fields, 'POST');
      expect(viaGet.status).toBe(200);
      expect(viaGet.json, endpoint).toEqual(viaPost.json);
      expect(allScalarsAreStrings(viaGet.json), endpoint).toBe(true);
    }
  });

  it('voice/call and voice/hangup by GET create and end calls as POST does', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    const viaGet = await api(sandbox, 'voice/call', { dest2: '+14155550100', tag: 'é ü +' }, 'GET');
    const viaPost = await api(sandbox, 'voice/call', { dest2: '+14155550100', tag: 'é ü +' }, 'POST');
    expect(viaGet.json).toEqual({ txn_ref: 'AA-C-1000001', status: 'success_ok' });
    expect(viaPost.json).toEqual({ txn_ref: 'AA-C-1000002', status: 'success_ok' });
    const a = (await api(sandbox, 'voice/query_status', { txn_ref: 'AA-C-1000001' })).json;
    const b = (await api(sandbox, 'voice/query_status', { txn_ref: 'AA-C-1000002' })).json;
    expect({ ...a, txn_ref: '', date: '' }).toEqual({ ...b, txn_ref: '', date: '' });
    expect(a.tag).toBe('é ü +');
    expect((await api(sandbox, 'voice/hangup', { txn_ref: 'AA-C-1000001' }, 'GET')).json.status).toBe('success_ok');
    expect((await waitForEnd(sandbox, 'AA-C-1000001')).endedBy).toBe('hangup');
  });
});

describe('parameter decoding and merging', () => {
  it('query string and body are merged for POST; the body wins; within a source the first wins', async () => {
    const sandbox = await start();
    const query = form({ ...credentials(sandbox), dest1: '+6587654321' });
    const response = await request(`${sandbox.baseUrl}/voice/call?${query}&dest2=%2B6599999999`, {
      method: 'POST',
      body: 'dest2=%2B14155550100&dest2=%2B447911123456&tag=first&tag=second',
    });
    const txnRef = JSON.parse(response.text).txn_ref as string;
    const status = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
    expect(status).toMatchObject({ dest1: '+6587654321', dest2: '+14155550100', tag: 'first' });
  });

  it('a GET body is parsed too, and the body wins over the query string', async () => {
    const sandbox = await start();
    const response = await request(
      `${sandbox.baseUrl}/voice/get_rate?${form(credentials(sandbox))}&dest1=%2B6591234567&dest2=%2B6581234567`,
      {
        method: 'GET',
        body: 'dest2=%2B14155550100',
      },
    );
    expect(JSON.parse(response.text).rate).toBe('0.029');
  });

  it('the body is a form whatever its Content-Type; unknown parameters are ignored; + is a space', async () => {
    const sandbox = await start({ maxConcurrentCalls: 100 });
    const body = form({ ...credentials(sandbox), dest2: '+6581234567', page_size: '50', tag: 'a b' });
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=UTF-8', '']) {
      const json = await post(sandbox, 'voice/call', body, type ? { 'Content-Type': type } : {});
      expect(json.status, type).toBe('success_ok');
    }
    const txnRef = await placeCall(sandbox, {});
    const raw = await post(sandbox, 'voice/query_status', `${form(credentials(sandbox))}&txn_ref=${txnRef}&tag=x`);
    expect(raw.txn_ref).toBe(txnRef);
    const plus = await post(sandbox, 'voice/call', `${form(credentials(sandbox))}&dest2=%2B6581234567&tag=a+b%2Bc`);
    const status = await api(sandbox, 'voice/query_status', { txn_ref: plus.txn_ref as string });
    expect(status.json.tag).toBe('a b+c');
  });

  it('names are case-sensitive', async () => {
    const sandbox = await start();
    expect(
      await post(sandbox, 'user/get_balance', `APP_ID=${sandbox.appId}&access_token=${sandbox.accessToken}`),
    ).toEqual({
      status: 'error_app_id_param_missing',
    });
  });
});

describe('malformed input → error_malformed_params, and the server stays up', () => {
  const cases: [string, (creds: string) => string | Buffer][] = [
    ['bad percent-encoding %ZZ', (c) => `${c}&dest2=%ZZ`],
    ['truncated %', (c) => `${c}&dest2=%2`],
    ['a trailing %', (c) => `${c}&tag=abc%`],
    ['% in a key', (c) => `${c}&ta%g=x`],
    ['percent-encoded invalid UTF-8 %FF', (c) => `${c}&tag=%FF`],
    ['an overlong UTF-8 encoding %C0%AF', (c) => `${c}&tag=%C0%AF`],
    ['a UTF-8 encoded surrogate %ED%A0%80', (c) => `${c}&tag=%ED%A0%80`],
    ['a truncated UTF-8 sequence %E2%82', (c) => `${c}&tag=%E2%82`],
    [
      'raw invalid UTF-8 bytes in the body',
      (c) => Buffer.concat([Buffer.from(`${c}&tag=`), Buffer.from([0xff, 0xfe])]),
    ],
    ['invalid UTF-8 in a key', (c) => `${c}&%FF=1`],
    ['a 1 MB body', (c) => `${c}&tag=${'a'.repeat(1024 * 1024)}`],
    [
      'a body of 64 KiB + 1 byte',
      (c) => {
        const s = `${c}&x=`;
        return s + 'a'.repeat(64 * 1024 + 1 - s.length);
      },
    ],
  ];
  for (const [name, body] of cases) {
    it(name, async () => {
      const sandbox = await start();
      const json = await post(sandbox, 'voice/call', body(`${form(credentials(sandbox))}&dest2=%2B6581234567`));
      expect(json).toEqual({ status: 'error_malformed_params' });
      expect((await control(sandbox, 'GET', 'calls')).json.calls).toEqual([]);
      expect(await apiStatus(sandbox, 'voice/call', { dest2: '+6581234567' })).toBe('success_ok');
    });
  }

  it('malformed query strings, raw UTF-8 bodies that are valid, and missing credentials in a malformed request', async () => {
    const sandbox = await start();
    const bad = await request(`${sandbox.baseUrl}/user/get_balance?${form(credentials(sandbox))}&x=%E0%A4`);
    expect(JSON.parse(bad.text)).toEqual({ status: 'error_malformed_params' });
    // Malformed wins over missing credentials (step 2 before step 3).
    expect(await post(sandbox, 'user/get_balance', 'x=%zz')).toEqual({ status: 'error_malformed_params' });
    // Raw (not percent-encoded) UTF-8 is readable.
    const raw = Buffer.concat([
      Buffer.from(`${form(credentials(sandbox))}&dest2=%2B6581234567&tag=`),
      Buffer.from('日本', 'utf8'),
    ]);
    const created = await post(sandbox, 'voice/call', raw);
    expect(created.status).toBe('success_ok');
    expect((await api(sandbox, 'voice/query_status', { txn_ref: created.txn_ref as string })).json.tag).toBe('日本');
    // Empty pairs and valueless keys are tolerated.
    expect((await post(sandbox, 'user/get_balance', `&&${form(credentials(sandbox))}&flag&=x&`)).status).toBe(
      'success_ok',
    );
  });

  it('a 1 MB body sent slowly in chunks, then a keep-alive request on the same connection', async () => {
    const sandbox = await start();
    const { port } = new URL(sandbox.baseUrl);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const size = 1024 * 1024;
    socket.write(`POST /open/voice/call HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
    for (let sent = 0; sent < size; sent += 64 * 1024) socket.write(Buffer.alloc(64 * 1024, 0x61));
    const body = form({ ...credentials(sandbox) });
    socket.write(
      `POST /open/user/get_balance HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    await new Promise((resolve) => socket.once('close', resolve));
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text).toContain('{"status":"error_malformed_params"}');
    expect(text).toContain('"balance":"100.000"');
  });

  it('garbage that is not HTTP gets a bare 400 and the connection closes', async () => {
    const sandbox = await start();
    const { port } = new URL(sandbox.baseUrl);
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.write('\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 not http\r\n\r\n');
    await new Promise((resolve) => socket.once('close', resolve));
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(await apiStatus(sandbox, 'user/get_balance')).toBe('success_ok');
  });
});

describe('response format', () => {
  it('money has 3 decimals, dates are GMT+8 without a fraction, and with --date-fraction get .0', async () => {
    const before = Date.now();
    const sandbox = await start();
    const txnRef = await placeCall(sandbox);
    const { date } = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json as unknown as {
      date: string;
    };
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const asUtc = Date.parse(`${date.replace(' ', 'T')}+08:00`);
    expect(asUtc).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(asUtc).toBeLessThanOrEqual(Date.now());

    const fractional = await start({ dateFraction: true });
    const ref = await placeCall(fractional);
    const status = (await api(fractional, 'voice/query_status', { txn_ref: ref })).json;
    expect(status.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.0$/);
    const history = (await api(fractional, 'voice/get_history')).json as unknown as { entries: { date: string }[] };
    expect(history.entries[0]!.date).toBe(status.date);
  });

  it('HEAD is not GET or POST', async () => {
    const sandbox = await start();
    const response = await request(`${sandbox.baseUrl}/user/get_balance?${form(credentials(sandbox))}`, {
      method: 'HEAD',
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });
});
