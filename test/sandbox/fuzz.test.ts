/**
 * Bad input never crashes the sandbox and never changes it (issue 10). Every generated request
 * carries at least one defect that the spec says must be refused (hoiio-api.md §3 validation
 * order, §7.9 control API): a wrong method, unreadable or oversized parameters, missing or wrong
 * credentials, an invalid parameter value, an unknown endpoint or txn_ref, a bad control body,
 * or a control request marked cross-site. Requests go one at a time, and after each one the
 * sandbox's whole visible state (control API: account, live calls, every call with its legs,
 * every notification delivery) is compared with the state before: it must not change. Raw
 * non-HTTP bytes are checked the same way. Valid calls are a separate test at the end.
 *
 * Seeded: SANDBOX_FUZZ_SEED picks the seed (a new one each run otherwise); the seed is printed
 * at the start and in every failure message, so a failure can be replayed exactly.
 */
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.ts';
import { api, control, ENDPOINTS, placeCall, start, waitForEnd, type Fields } from './helpers.ts';

const SEED = Number(process.env.SANDBOX_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Bounded in count and in time (the check after each request makes each one ~4 round trips). */
const BAD_REQUESTS = 1_500;
const RAW_CONNECTIONS = 150;
const FUZZ_TIME_MS = 75_000;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generated request and the defect it was built around. */
interface BadRequest {
  defect: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A parameter that must be refused, per endpoint (§2, §3 steps 8–9); values raw, encoded by the generator. */
const INVALID_PARAMS: Readonly<Record<string, ReadonlyArray<Fields>>> = {
  'voice/call': [
    { dest2: undefined },
    { dest2: '' },
    { dest2: '+' },
    { dest2: 'not-a-number' },
    { dest2: '+12' },
    { dest2: '😀' },
    { dest2: '+6581234567'.repeat(30) },
    { dest1: 'abc' },
    { dest1: '+6581234567', dest2: '+6581234567' },
    { dest2: '+88112345678' },
    { caller_id: 'somebody' },
    { max_duration: '0' },
    { max_duration: '86401' },
    { max_duration: '-1' },
    { max_duration: '1.5' },
    { max_duration: 'x' },
    { tag: 't'.repeat(257) },
    { notify_url: 'ftp://x' },
    { notify_url: 'http://' },
    { notify_url: `http://127.0.0.1:9/${'a'.repeat(4001)}` },
    { notify_url: 'http://nowhere.invalid/' },
  ],
  'voice/hangup': [{ txn_ref: undefined }, { txn_ref: 'AA-C-9999999' }, { txn_ref: '' }, { txn_ref: 'AA-C-' }],
  'voice/query_status': [{ txn_ref: undefined }, { txn_ref: 'AA-C-9999999' }, { txn_ref: 'x'.repeat(300) }],
  'voice/get_history': [{ from: '2024-13-45 99:99:99' }, { to: 'yesterday' }, { page: '-1' }, { page: 'x' }],
  'voice/get_rate': [{ dest1: undefined, dest2: undefined }, { dest2: '+' }, { dest1: 'abc', dest2: '+6581234567' }],
};
/** What a valid request to each endpoint would carry besides the credentials. */
const VALID_PARAMS: Readonly<Record<string, Fields>> = {
  'voice/call': { dest2: '+6581234567' },
  'voice/hangup': { txn_ref: 'AA-C-1000001' },
  'voice/query_status': { txn_ref: 'AA-C-1000001' },
  'voice/get_history': { from: '2024-01-01 00:00:00', to: '2030-01-01 00:00:00' },
  'voice/get_rate': { dest1: '+6591234567', dest2: '+6581234567' },
};
/** Parameters no endpoint knows, added as noise (they never make a bad request good). */
const NOISE_KEYS = ['x', 'foo', 'page_size', 'lang', 'callback', 'DEST2', 'App_Id', 'amount'];
const NOISE_VALUES = ['', '1', 'yes', '+6591234567', 'a b', 'é', '😀', '2024-05-01 10:00:00', 'a'.repeat(300)];

function generator(random: () => number, sandbox: SandboxHandle) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * max);
  const host = new URL(sandbox.baseUrl).host;
  const goodCredentials: Fields = { app_id: sandbox.appId, access_token: sandbox.accessToken };

  const encodePairs = (fields: Fields): string[] =>
    Object.entries(fields)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const noise = (): string[] =>
    Array.from({ length: int(4) }, () => `${pick(NOISE_KEYS)}=${encodeURIComponent(pick(NOISE_VALUES))}`);
  const shuffle = (items: string[]): string[] => items.sort(() => random() - 0.5);
  const randomBytes = (length: number): Buffer => {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = random() < 0.7 ? 0x20 + int(0x5f) : int(256);
    return bytes;
  };

  /** An /open request: sent as a form body (POST) or a query string (GET). */
  const openRequest = (defect: string, method: string, endpoint: string, pairs: string[]): BadRequest => {
    const text = shuffle([...pairs, ...noise()]).join('&');
    if (method === 'GET' || (method !== 'POST' && random() < 0.5)) {
      return { defect, method, path: `/open/${endpoint}?${text}`, headers: {} };
    }
    return {
      defect,
      method,
      path: `/open/${endpoint}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(text, 'latin1'),
    };
  };
  const validPairs = (endpoint: string): string[] =>
    encodePairs({ ...goodCredentials, ...(VALID_PARAMS[endpoint] ?? {}) });
  const httpMethod = () => pick(['GET', 'POST']);

  const kinds: Array<[kind: string, make: () => BadRequest]> = [
    [
      'method',
      () => {
        const method = pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']);
        const endpoint = pick(ENDPOINTS);
        return openRequest(`method ${method}`, method, endpoint, validPairs(endpoint));
      },
    ],
    [
      'unreadable bytes',
      () => {
        const endpoint = pick(ENDPOINTS);
        const broken = pick(['%ZZ', '%', '%F', '%FF', '%C3%28', '%ED%A0%80']);
        const pairs = validPairs(endpoint);
        pairs.push(random() < 0.5 ? `tag=ok${broken}` : `${broken}x=1`);
        return openRequest(`unreadable bytes ${broken}`, httpMethod(), endpoint, pairs);
      },
    ],
    [
      'oversized body',
      () => {
        const endpoint = pick(ENDPOINTS);
        const pairs = [...validPairs(endpoint), `x=${'a'.repeat(64 * 1024 + int(16 * 1024))}`];
        return { ...openRequest('body over 64 KiB', 'POST', endpoint, pairs), path: `/open/${endpoint}` };
      },
    ],
    [
      'credentials',
      () => {
        const endpoint = pick(ENDPOINTS);
        const wrong = pick<[string, Fields]>([
          ['no app_id', { app_id: undefined }],
          ['no access_token', { access_token: undefined }],
          ['empty app_id', { app_id: '' }],
          ['wrong app_id', { app_id: `${sandbox.appId}x` }],
          ['wrong access_token', { access_token: sandbox.accessToken.slice(0, -1) }],
          ['access_token of another case', { access_token: sandbox.accessToken.toUpperCase() + 'Z' }],
        ]);
        const pairs = encodePairs({ ...goodCredentials, ...(VALID_PARAMS[endpoint] ?? {}), ...wrong[1] });
        return openRequest(wrong[0], httpMethod(), endpoint, pairs);
      },
    ],
    [
      'invalid parameter',
      () => {
        const endpoint = pick(Object.keys(INVALID_PARAMS));
        const invalid = pick(INVALID_PARAMS[endpoint]!);
        const pairs = encodePairs({ ...goodCredentials, ...VALID_PARAMS[endpoint], ...invalid });
        return openRequest(`${endpoint} ${JSON.stringify(invalid).slice(0, 80)}`, httpMethod(), endpoint, pairs);
      },
    ],
    [
      'garbage form',
      () => ({
        defect: 'garbage form without credentials',
        method: 'POST',
        path: `/open/${pick(ENDPOINTS)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: randomBytes(int(2000)).filter((byte) => byte !== 0x3d), // no '=' can spell app_id=…
      }),
    ],
    [
      'unknown endpoint',
      () => {
        const path = pick([
          '/open/voice/nope',
          '/open/',
          '/open/voice/call/x',
          '/open/VOICE/CALL',
          `/${'x'.repeat(int(40))}`,
        ]);
        return {
          defect: 'unknown endpoint',
          method: httpMethod(),
          path: `${path}?${validPairs('voice/call').join('&')}`,
          headers: {},
        };
      },
    ],
    // The control API (§7.9).
    [
      'control body',
      () => {
        const [what, body] = pick<[string, string]>([
          ['account: not JSON', '{balance: 0'],
          ['account: balance a word', '{"balance":"lots"}'],
          ['account: trial a string', '{"trial":"yes"}'],
          ['account: unknown key', '{"balance":"1.000","credit":5}'],
          ['account: an array', '[1,2]'],
          ['account: too large', `{"balance":"${'9'.repeat(70 * 1024)}"}`],
        ]);
        return {
          defect: what,
          method: 'POST',
          path: '/sandbox/account',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(body),
        };
      },
    ],
    [
      'cross-site control',
      () => {
        const mutation = pick<[string, string]>([
          ['/sandbox/account', '{"balance":"0.000","trial":true}'],
          ['/sandbox/reset', ''],
          ['/sandbox/faults', '{"endpoint":"voice/call","status":"error_internal_server_error","count":5}'],
          ['/sandbox/calls/AA-C-1000001/renotify', ''],
        ]);
        const header = pick<Record<string, string>>([
          { Origin: 'http://evil.example' },
          { Origin: 'null' },
          { Origin: `https://${host}` },
          { 'Sec-Fetch-Site': 'cross-site' },
          { 'Sec-Fetch-Site': 'same-site' },
          { Host: `evil.example:${new URL(sandbox.baseUrl).port}` },
        ]);
        return {
          defect: `cross-site ${mutation[0]} ${JSON.stringify(header)}`,
          method: 'POST',
          path: mutation[0],
          headers: { 'Content-Type': 'text/plain', ...header },
          body: Buffer.from(mutation[1]),
        };
      },
    ],
    [
      'control request',
      () => {
        const [defect, method, path, body] = pick<[string, string, string, string]>([
          ['control: wrong method', 'PUT', '/sandbox/state', ''],
          ['control: wrong method', 'GET', '/sandbox/reset', ''],
          ['control: unknown path', 'POST', '/sandbox/nope', '{}'],
          ['control: unknown call', 'POST', '/sandbox/calls/AA-C-9999999/hangup', ''],
          ['control: undecodable ref', 'POST', '/sandbox/calls/%ZZ/legs/1', '{"outcome":"answered"}'],
          ['control: leg of an ended call', 'POST', '/sandbox/calls/AA-C-1000001/legs/2', '{"outcome":"busy"}'],
          ['control: bad outcome', 'POST', '/sandbox/calls/AA-C-1000001/legs/1', '{"outcome":"maybe"}'],
          ['control: leg 3', 'POST', '/sandbox/calls/AA-C-1000001/legs/3', '{"outcome":"answered"}'],
          [
            'control: fault for no endpoint',
            'POST',
            '/sandbox/faults',
            '{"endpoint":"voice/nope","status":"error_internal_server_error"}',
          ],
          [
            'control: fault count 0',
            'POST',
            '/sandbox/faults',
            '{"endpoint":"voice/call","status":"error_internal_server_error","count":0}',
          ],
          ['control: fault bad status', 'POST', '/sandbox/faults', '{"endpoint":"voice/call","status":"success_ok"}'],
        ]);
        return { defect, method, path, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(body) };
      },
    ],
  ];
  return (): BadRequest & { kind: string } => {
    const [kind, make] = pick(kinds);
    return { ...make(), kind };
  };
}

/** The sandbox's whole visible state, as the control API shows it (one string, to compare). */
async function snapshot(sandbox: SandboxHandle): Promise<string> {
  const [state, calls, notifications] = await Promise.all([
    control(sandbox, 'GET', 'state'),
    control(sandbox, 'GET', 'calls'),
    control(sandbox, 'GET', 'notifications'),
  ]);
  return JSON.stringify({ state: state.json, calls: calls.json, notifications: notifications.json });
}

/** Sends one request; resolves with the HTTP status and body text (status 0: the connection was dropped). */
function send(port: number, agent: http.Agent, request: BadRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const headers = { ...request.headers };
    if (request.body) headers['Content-Length'] = String(request.body.length);
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: 0, text: '' }));
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(request.body);
  });
}

/** True when the answer refuses the request: an `error_…` status on /open, a 4xx elsewhere. */
function refused(request: BadRequest, answer: { status: number; text: string }): boolean {
  const isOpenEndpoint = request.path.startsWith('/open/') && ENDPOINTS.includes(request.path.slice(6).split('?')[0]!);
  if (!isOpenEndpoint) return answer.status >= 400 && answer.status < 500;
  try {
    const status = (JSON.parse(answer.text) as { status?: unknown }).status;
    return answer.status === 200 && typeof status === 'string' && status.startsWith('error_');
  } catch {
    return false;
  }
}

describe('fuzz (seed printed on failure; SANDBOX_FUZZ_SEED replays one)', () => {
  it(`refuses up to ${BAD_REQUESTS} bad requests and ${RAW_CONNECTIONS} raw garbage connections, each changing nothing`, async () => {
    console.info(`sandbox fuzz seed ${SEED} (replay: SANDBOX_FUZZ_SEED=${SEED})`);
    const logged: string[] = [];
    const sandbox = await start({ timeScale: 0.001, rateLimit: 0, log: (line) => logged.push(line) });
    const port = Number(new URL(sandbox.baseUrl).port);
    // Something for the bad requests to aim at: one ended call (AA-C-1000001), a lower balance.
    await waitForEnd(sandbox, await placeCall(sandbox), 10_000);
    const random = prng(SEED);
    const next = generator(random, sandbox);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await snapshot(sandbox);
    const defects = new Map<string, number>();
    const stopAt = Date.now() + FUZZ_TIME_MS;
    let sent = 0;
    try {
      for (; sent < BAD_REQUESTS && Date.now() < stopAt; sent++) {
        const request = next();
        const answer = await send(port, agent, request);
        const where = `seed ${SEED}, request #${sent} (${request.defect}): ${request.method} ${request.path.slice(0, 120)}`;
        // A dropped connection is a refusal too (an oversized body may be cut off), never a success.
        if (answer.status !== 0)
          expect(refused(request, answer), `${where} → HTTP ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
        expect(await snapshot(sandbox), `${where} changed the sandbox`).toBe(before);
        defects.set(request.kind, (defects.get(request.kind) ?? 0) + 1);
      }
    } finally {
      agent.destroy();
    }

    const randomBytes = (length: number): Buffer => {
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < length; i++)
        bytes[i] = random() < 0.7 ? 0x20 + Math.floor(random() * 0x5f) : Math.floor(random() * 256);
      return bytes;
    };
    const prefixes = [
      '',
      'GET ',
      'POST /open/voice/call HTTP/1.1\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n',
      'POST /open/voice/call HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'POST /open/voice/call HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'POST /sandbox/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
    ];
    for (let index = 0; index < RAW_CONNECTIONS && Date.now() < stopAt + 15_000; index++) {
      const prefix = prefixes[Math.floor(random() * prefixes.length)]!;
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        const timer = setTimeout(() => socket.destroy(), 3000);
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
        const length = Math.floor(random() * (index % 7 === 0 ? 20_000 : 500));
        socket.end(Buffer.concat([Buffer.from(prefix, 'latin1'), randomBytes(length)]));
      });
      expect(await snapshot(sandbox), `seed ${SEED}, raw connection #${index} (${JSON.stringify(prefix)})`).toBe(
        before,
      );
    }

    console.info(
      `sandbox fuzz seed ${SEED}: ${sent} bad requests by defect ${JSON.stringify(Object.fromEntries(defects))}`,
    );
    // The fuzz reached every kind of defect, and nothing failed inside the sandbox.
    expect(sent, `seed ${SEED}`).toBeGreaterThanOrEqual(Math.min(BAD_REQUESTS, 300));
    expect(defects.size, `seed ${SEED}`).toBe(10);
    expect(
      logged.filter((line) => line.includes('internal error')),
      `seed ${SEED}`,
    ).toEqual([]);
  }, 150_000);

  it('after bad input, valid requests are served as usual: a call is placed, billed and ended', async () => {
    const sandbox = await start({ timeScale: 0.001, rateLimit: 0 });
    const port = Number(new URL(sandbox.baseUrl).port);
    const random = prng(SEED);
    const next = generator(random, sandbox);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    await Promise.all(Array.from({ length: 200 }, () => send(port, agent, next())));
    agent.destroy();

    const balanceBefore = (await api(sandbox, 'user/get_balance')).json;
    expect(balanceBefore.status).toBe('success_ok');
    const ended = await waitForEnd(sandbox, await placeCall(sandbox, { dest2: '+14155550100' }), 10_000);
    expect(ended).toMatchObject({ duration: 1, debit: '0.029' });
    const balanceAfter = (await api(sandbox, 'user/get_balance')).json;
    expect(Number(balanceBefore.balance) - Number(balanceAfter.balance)).toBeCloseTo(0.029, 3);
  }, 60_000);
});
