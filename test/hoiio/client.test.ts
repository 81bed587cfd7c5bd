/**
 * HoiioClient against the real sandbox over HTTP on 127.0.0.1 (every endpoint, every voice/call
 * status of hoiio-api.md §7.8), and against a deliberately broken loopback server for the
 * transport failures the sandbox never produces (non-200, non-JSON, hangs, bad fields).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle, type StartSandboxOptions } from '../../src/sandbox/index.ts';
import {
  DEFAULT_HOIIO_BASE_URL,
  HoiioClient,
  MAX_RESPONSE_BYTES,
  type PlaceCallRequest,
} from '../../src/main/core/hoiio/client.ts';
import { HoiioError, HoiioTransportError, messageForStatus } from '../../src/main/core/hoiio/errors.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandboxClient(options: StartSandboxOptions = {}) {
  const sandbox = await startSandbox({ timeScale: 0.01, ...options });
  cleanups.push(() => sandbox.close());
  const client = new HoiioClient({
    baseUrl: sandbox.baseUrl,
    credentials: { appId: sandbox.appId, accessToken: sandbox.accessToken },
  });
  return { sandbox, client };
}

async function control(sandbox: SandboxHandle, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.controlUrl}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** A closed loopback port: bind, note the port, close. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function expectHoiioError(promise: Promise<unknown>, status: string, context = {}): Promise<HoiioError> {
  const error = await promise.then(
    () => expect.unreachable(`expected ${status}`),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HoiioError);
  const hoiioError = error as HoiioError;
  expect(hoiioError.code).toBe('hoiio');
  expect(hoiioError.status).toBe(status);
  expect(hoiioError.message).toBe(messageForStatus(status, context));
  expect(hoiioError.details).toMatchObject({ status, rawStatus: status, raw: { status } });
  return hoiioError;
}

describe('HoiioClient against the sandbox: typed results', () => {
  it('places a call and reads it back with numbers, exact money and UTC instants', async () => {
    const { sandbox, client } = await sandboxClient({ dateFraction: true });
    const before = Date.now();
    const { txnRef } = await client.call({ dest2: '+14155550100', tag: 'order-42' });
    expect(txnRef).toMatch(/^AA-C-\d+$/);

    const live = await client.queryStatus(txnRef);
    expect(live).toMatchObject({
      txnRef,
      tag: 'order-42',
      dest1: sandbox.registeredNumber,
      dest2: '+14155550100',
      statusDest1: 'ongoing',
      statusDest2: 'ongoing',
      durationMinutes: null,
      debit: null,
      currency: 'USD',
      rate: '0.029',
    });
    // GMT+8 with a `.0` fraction became a UTC instant within a second of now.
    expect(Math.abs(Date.parse(live.date) - before)).toBeLessThan(2000);
    expect(live.date).toMatch(/Z$/);

    await control(sandbox, 'POST', `calls/${txnRef}/hangup`);
    const ended = await client.queryStatus(txnRef);
    expect(ended.statusDest1).not.toBe('ongoing');
    expect(typeof ended.durationMinutes).toBe('number');
    expect(ended.debit).toMatch(/^\d+\.\d{3}$/);
  });

  it('reads history pages, rates, balance, account info and numbers', async () => {
    const { client } = await sandboxClient({ hoiioNumbers: '+6560000001', balance: '54.650' });
    const first = await client.call({ dest2: '+6581234567' });
    const second = await client.call({ dest2: '+14155550100' });

    const history = await client.getHistory({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
    expect(history.totalEntriesCount).toBe(2);
    expect(history.entriesCount).toBe(2);
    expect(history.entries.map((entry) => entry.txnRef)).toEqual([second.txnRef, first.txnRef]);
    expect((await client.getHistory({ page: 2 })).entries).toEqual([]);
    await expectHoiioError(
      client.getHistory({ from: new Date(), to: new Date(Date.now() - 3_600_000) }),
      'error_to_before_from',
    );

    expect(await client.getRate('+6591234567', '+14155550100')).toEqual({
      currency: 'USD',
      ratePerMinute: '0.029',
      talktimeMinutes: 1884, // floor(54.650 / 0.029)
    });
    expect(await client.getBalance()).toEqual({ currency: 'USD', balance: '54.650', points: '54.650', bonus: '0.000' });

    const info = await client.getInfo();
    expect(info).toMatchObject({
      name: 'Sandbox Demo',
      mobileNumber: '+6591234567',
      country: 'SG',
      userStatus: 'active',
    });
    expect(info.callerIds).toEqual(['+6591234567', '+6560000001', 'private']);

    const numbers = await client.getActiveNumbers();
    expect(numbers.totalEntriesCount).toBe(1);
    expect(numbers.entries[0]).toMatchObject({ number: '+6560000001', mode: 'voice', autoExtend: true });
  });

  it('hangs up, and hanging up an ended call is still success', async () => {
    const { sandbox, client } = await sandboxClient({ talkSeconds: 3600 });
    const { txnRef } = await client.call({ dest2: '+6581234567' });
    await client.hangup(txnRef);
    await client.hangup(txnRef);
    const call = (await control(sandbox, 'GET', `calls/${txnRef}`)) as { state: string; endedBy: string };
    expect(call).toMatchObject({ state: 'ended', endedBy: 'hangup' });
    await expectHoiioError(client.hangup('AA-C-999'), 'error_invalid_txn_ref');
    await expectHoiioError(client.queryStatus('AA-C-999'), 'error_invalid_txn_ref');
  });
});

describe('HoiioClient against the sandbox: every voice/call status (hoiio-api.md §7.8) is a typed error', () => {
  const CALLEE = '+6581234567';
  const cases: {
    status: string;
    request?: Partial<PlaceCallRequest>;
    sandbox?: StartSandboxOptions;
    credentials?: { appId?: string; accessToken?: string };
    context?: { dest1?: string; dest2?: string };
  }[] = [
    { status: 'error_malformed_params', request: { tag: 'x'.repeat(70_000) } },
    { status: 'error_app_id_param_missing', credentials: { appId: '' } },
    { status: 'error_access_token_param_missing', credentials: { accessToken: '' } },
    { status: 'error_dest2_param_missing', request: { dest2: '' } },
    { status: 'error_invalid_app_id', credentials: { appId: 'not-the-app' } },
    { status: 'error_invalid_access_token', credentials: { accessToken: 'not-the-token' } },
    { status: 'error_tag_invalid_length', request: { tag: 't'.repeat(257) } },
    { status: 'error_dest1_invalid', request: { dest1: '6591234567' } },
    { status: 'error_dest2_invalid', request: { dest2: '+123' } },
    { status: 'error_dest2_invalid', request: { dest2: '+99912345678' } },
    { status: 'error_dest1_not_supported', request: { dest1: '+88212345678' } },
    { status: 'error_dest2_not_supported', request: { dest2: '+883123456789' } },
    { status: 'error_not_allowed_for_trial', sandbox: { trial: true } },
    { status: 'error_same_dest1_dest2', request: { dest2: '+6591234567' } },
    { status: 'error_invalid_notify_url', request: { notifyUrl: 'ftp://example.com/x' } },
    { status: 'error_invalid_notify_url', request: { notifyUrl: `http://example.com/${'a'.repeat(4000)}` } },
    { status: 'error_unable_to_resolve_notify_url', request: { notifyUrl: 'http://nowhere.invalid/hook' } },
    { status: 'error_insufficient_credit', sandbox: { balance: '0' } },
    { status: 'error_call_service_not_available', sandbox: { failNextCallWith: 'error_call_service_not_available' } },
    { status: 'error_internal_server_error', sandbox: { failNextCallWith: 'error_internal_server_error' } },
    { status: 'error_caller_id_invalid', request: { callerId: '+6560009999' } },
    { status: 'error_invalid_max_duration', request: { maxDurationSeconds: 0 } },
    { status: 'error_invalid_max_duration', request: { maxDurationSeconds: 86_401 } },
  ];

  for (const { status, request, sandbox: sandboxOptions, credentials } of cases) {
    const how = JSON.stringify(request ?? sandboxOptions ?? credentials).slice(0, 80);
    it(`${status} (${how})`, async () => {
      const { sandbox } = await sandboxClient(sandboxOptions);
      const client = new HoiioClient({
        baseUrl: sandbox.baseUrl,
        credentials: { appId: sandbox.appId, accessToken: sandbox.accessToken, ...credentials },
      });
      const call = { dest2: CALLEE, ...request };
      await expectHoiioError(client.call(call), status, { dest1: call.dest1, dest2: call.dest2 });
      const { calls } = (await control(sandbox, 'GET', 'calls')) as { calls: unknown[] };
      expect(calls).toEqual([]);
    });
  }

  it('error_unable_to_complete_ssl_handshake_notify_url (https to a closed port)', async () => {
    const { client } = await sandboxClient({ tlsTimeoutMs: 500 });
    const notifyUrl = `https://127.0.0.1:${await closedPort()}/`;
    await expectHoiioError(
      client.call({ dest2: CALLEE, notifyUrl }),
      'error_unable_to_complete_ssl_handshake_notify_url',
    );
  });

  it('error_concurrent_call_limit_reached (8 live calls, then a 9th)', async () => {
    const { client } = await sandboxClient({ talkSeconds: 3600 });
    for (let index = 0; index < 8; index += 1) await client.call({ dest2: `+658123456${index}` });
    await expectHoiioError(client.call({ dest2: CALLEE }), 'error_concurrent_call_limit_reached', { dest2: CALLEE });
  });

  it('error_rate_limit_exceeded (--rate-limit 2, a 3rd voice/call within the window)', async () => {
    const { client } = await sandboxClient({ rateLimit: 2 });
    await client.call({ dest2: CALLEE });
    await client.call({ dest2: CALLEE });
    await expectHoiioError(client.call({ dest2: CALLEE }), 'error_rate_limit_exceeded', { dest2: CALLEE });
  });

  it('error_invalid_http_method (armed with /sandbox/faults: the client only ever POSTs)', async () => {
    const { sandbox, client } = await sandboxClient();
    await control(sandbox, 'POST', 'faults', { endpoint: 'voice/call', status: 'error_invalid_http_method' });
    await expectHoiioError(client.call({ dest2: CALLEE }), 'error_invalid_http_method', { dest2: CALLEE });
    // The sandbox really answers that status to other methods.
    const put = await fetch(`${sandbox.baseUrl}/voice/call`, { method: 'PUT' });
    expect(await put.json()).toEqual({ status: 'error_invalid_http_method' });
  });
});

/** A loopback server whose every answer the test decides; records what it received. */
async function brokenServer(
  answer: (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void,
) {
  const received: { method: string; url: string; contentType: string; body: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(request, response, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open/`;
  const client = (options: { totalTimeoutMs?: number; onRetry?: (endpoint: string) => void } = {}) =>
    new HoiioClient({
      baseUrl,
      credentials: { appId: 'app', accessToken: 'secret-token' },
      retryBaseDelayMs: 5,
      ...options,
    });
  return { received, client };
}

function json(response: http.ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function transportFailure(promise: Promise<unknown>): Promise<HoiioTransportError> {
  const error = await promise.then(
    () => expect.unreachable('expected a transport error'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HoiioTransportError);
  expect((error as HoiioTransportError).code).toBe('network');
  return error as HoiioTransportError;
}

describe('HoiioClient transport behaviour', () => {
  it('POSTs a UTF-8 form to base + service/method, keeping the token out of the URL', async () => {
    const server = await brokenServer((_request, response) =>
      json(response, { status: 'success_ok', txn_ref: 'AA-C-1' }),
    );
    await server.client().call({ dest2: '+6581234567', tag: 'call-1', notifyUrl: 'http://x.localhost/n?a=1' });
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    expect(request).toMatchObject({ method: 'POST', url: '/open/voice/call' });
    expect(request?.contentType).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      app_id: 'app',
      access_token: 'secret-token',
      dest2: '+6581234567',
      tag: 'call-1',
      notify_url: 'http://x.localhost/n?a=1',
    });
    expect(request?.url).not.toContain('secret-token');
    expect(DEFAULT_HOIIO_BASE_URL).toBe('https://secure.hoiio.com/open');
  });

  it('a non-200 answer, non-JSON, JSON without status and unreadable fields are transport errors', async () => {
    const bodies = [
      (response: http.ServerResponse) => json(response, { status: 'error_not_found' }, 404),
      (response: http.ServerResponse) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
      (response: http.ServerResponse) => json(response, { balance: '1.000' }),
      (response: http.ServerResponse) =>
        json(response, { status: 'success_ok', currency: 'USD', balance: '1.5', points: '1.500', bonus: '0.000' }),
    ];
    const server = await brokenServer((_request, response, count) => bodies[count - 1]?.(response));
    const client = server.client();
    const notFound = await transportFailure(client.call({ dest2: '+6581234567' }));
    expect(notFound.failure).toBe('http_status');
    expect(notFound.details).toMatchObject({ httpStatus: 404 });
    expect(notFound.certainlyNotDelivered).toBe(true);
    expect((await transportFailure(client.getInfo())).failure).toBe('not_json');
    expect((await transportFailure(client.getInfo())).failure).toBe('not_json');
    const protocol = await transportFailure(client.getBalance());
    expect(protocol.failure).toBe('protocol');
    expect(protocol.message).toContain('balance');
  });

  it('retries idempotent requests after network faults, with backoff, and gives up after 3 retries', async () => {
    const server = await brokenServer((_request, response, count) =>
      count <= 2
        ? json(response, { status: 'busy' }, 503)
        : json(response, { status: 'success_ok', currency: 'USD', balance: '1.000', points: '1.000', bonus: '0.000' }),
    );
    expect((await server.client().getBalance()).balance).toBe('1.000');
    expect(server.received).toHaveLength(3);

    const failing = await brokenServer((_request, response) => json(response, {}, 502));
    await transportFailure(failing.client().queryStatus('AA-C-1'));
    expect(failing.received).toHaveLength(4);
  });

  it('reports each retry to onRetry before sending it (so a request budget can count it)', async () => {
    const server = await brokenServer((_request, response, count) =>
      count <= 2
        ? json(response, { status: 'busy' }, 503)
        : json(response, { status: 'success_ok', currency: 'USD', balance: '1.000', points: '1.000', bonus: '0.000' }),
    );
    const retries: { endpoint: string; receivedBefore: number }[] = [];
    const client = server.client({
      onRetry: (endpoint) => retries.push({ endpoint, receivedBefore: server.received.length }),
    });
    expect((await client.getBalance()).balance).toBe('1.000');
    expect(server.received).toHaveLength(3);
    expect(retries).toEqual([
      { endpoint: 'user/get_balance', receivedBefore: 1 },
      { endpoint: 'user/get_balance', receivedBefore: 2 },
    ]);

    // A first attempt that succeeds is no retry; voice/call is never retried, so never reported.
    await client.getBalance();
    const refusing = await brokenServer((_request, response) => json(response, {}, 503));
    const callRetries: string[] = [];
    await transportFailure(
      refusing.client({ onRetry: (endpoint) => callRetries.push(endpoint) }).call({ dest2: '+6581234567' }),
    );
    expect(retries).toHaveLength(2);
    expect(callRetries).toEqual([]);
  });

  it('never retries voice/call, whatever the fault', async () => {
    const server = await brokenServer((_request, response) => json(response, {}, 503));
    await transportFailure(server.client().call({ dest2: '+6581234567' }));
    expect(server.received).toHaveLength(1);
  });

  it('times out a hanging answer (sent, so the call may exist), and never retries voice/call after it', async () => {
    const server = await brokenServer(() => undefined); // never answers
    const started = Date.now();
    const error = await transportFailure(server.client({ totalTimeoutMs: 150 }).call({ dest2: '+6581234567' }));
    expect(error.failure).toBe('timeout');
    expect(error.certainlyNotDelivered).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.received).toHaveLength(1);
  });

  it('a refused connection is "unreachable": nothing reached Hoiio', async () => {
    const client = new HoiioClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}/open`,
      credentials: { appId: 'a', accessToken: 't' },
    });
    const error = await transportFailure(client.call({ dest2: '+6581234567' }));
    expect(error.failure).toBe('unreachable');
    expect(error.certainlyNotDelivered).toBe(true);
    expect(error.message).toMatch(/^Could not reach Hoiio at 127\.0\.0\.1:\d+\./);
    expect(JSON.stringify(error.toIpcError())).not.toContain('"t"');
  });

  it('treats the other spellings of §9 C4 statuses as the canonical ones', async () => {
    const server = await brokenServer((_request, response) => json(response, { status: 'error_txn_ref_invalid' }));
    const error = await server
      .client()
      .queryStatus('AA-C-1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HoiioError);
    expect(error).toMatchObject({
      status: 'error_invalid_txn_ref',
      rawStatus: 'error_txn_ref_invalid',
      message: 'Hoiio does not know this call.',
    });
  });

  it('refuses an answer over the size cap (declared length), without reading it or retrying', async () => {
    const oversized = `{"status":"success_ok","pad":"${'x'.repeat(MAX_RESPONSE_BYTES)}"}`;
    const server = await brokenServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(oversized) });
      response.end(oversized);
    });
    const error = await transportFailure(server.client().getBalance());
    expect(error.failure).toBe('too_large');
    expect(error.message).toBe(
      "Hoiio's answer was larger than 1024 KB, far more than any Hoiio result, so the app stopped reading it. " +
        'Check the API address in Settings.',
    );
    expect(error.details).toMatchObject({ endpoint: 'user/get_balance', maxBytes: MAX_RESPONSE_BYTES });
    expect(server.received).toHaveLength(1); // not retried: a second read would be as large
    // A body just under the cap is still read (the cap is on bytes, not on a guess).
    const underCap = await brokenServer((_request, response) =>
      json(response, {
        status: 'success_ok',
        currency: 'USD',
        balance: '1.000',
        points: '1.000',
        bonus: '0.000',
        pad: 'x'.repeat(MAX_RESPONSE_BYTES - 200),
      }),
    );
    expect((await underCap.client().getBalance()).balance).toBe('1.000');
  });

  it('stops reading an endless chunked answer at the cap and drops the connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const CHUNK_LIMIT = 2_000; // ~128 MB: the bound of this test's server, far past the cap
    let written = 0;
    let connectionClosed!: () => void;
    const closed = new Promise<void>((resolve) => (connectionClosed = resolve));
    const server = await brokenServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }); // no length: chunked
      response.write('{"status":"success_ok","pad":"');
      const pump = (): void => {
        while (written < CHUNK_LIMIT && !response.destroyed) {
          written++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (written >= CHUNK_LIMIT) response.end('"}');
      };
      response.on('close', connectionClosed);
      pump();
    });
    // Without the cap the client would read on until the 20 s timeout ('timeout', not 'too_large').
    const error = await transportFailure(server.client({ totalTimeoutMs: 20_000 }).getInfo());
    expect(error.failure).toBe('too_large');
    await closed; // the client dropped the connection: the server's writes end
    expect(written).toBeLessThan(CHUNK_LIMIT);
    // Read no further than the cap plus what sat in the socket buffers when the client stopped.
    expect(written * chunk.byteLength).toBeLessThan(MAX_RESPONSE_BYTES + 16 * 1024 * 1024);
  });
});
