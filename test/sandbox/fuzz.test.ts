/**
 * Bad input never crashes the sandbox: thousands of random and malformed HTTP requests (and raw
 * non-HTTP bytes), then a normal call still succeeds. Deterministic: SANDBOX_FUZZ_SEED picks the seed.
 */
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { api, control, credentials, ENDPOINTS, form, start, waitFor, waitForEnd } from './helpers.ts';

const SEED = Number(process.env.SANDBOX_FUZZ_SEED ?? 20240501);
const HTTP_REQUESTS = 5200;
const RAW_CONNECTIONS = 300;

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

const PARAMS = [
  'dest1',
  'dest2',
  'caller_id',
  'max_duration',
  'tag',
  'notify_url',
  'txn_ref',
  'from',
  'to',
  'page',
  'app_id',
  'access_token',
];
const VALUES = [
  '',
  '+6581234567',
  '+6581230001',
  '+14155550100',
  '+88112345678',
  '6591234567',
  '+',
  'private',
  '0',
  '86401',
  '-1',
  'AA-C-1000001',
  'AA-C-',
  '2024-05-01 10:00:00',
  '2024-13-45 99:99:99',
  'http://127.0.0.1:9/x',
  'https://127.0.0.1:1/',
  'http://nowhere.invalid/',
  'ftp://x',
  '%',
  '%ZZ',
  '%FF',
  '%C3%A9',
  '%00',
  '\u0000',
  '😀',
  'a'.repeat(300),
];
const METHODS = ['GET', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain; charset=latin1',
  'multipart/form-data; boundary=x',
  '',
];

describe('fuzz', () => {
  it(`survives ${HTTP_REQUESTS} random requests and ${RAW_CONNECTIONS} raw garbage connections (seed ${SEED})`, async () => {
    const logged: string[] = [];
    const sandbox = await start({ timeScale: 0.001, rateLimit: 0, log: (line) => logged.push(line) });
    const { port } = new URL(sandbox.baseUrl);
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const int = (max: number) => Math.floor(random() * max);
    const creds = form(credentials(sandbox));

    const randomBytes = (length: number): Buffer => {
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < length; i++) bytes[i] = random() < 0.7 ? 0x20 + int(0x5f) : int(256);
      return bytes;
    };
    /** Characters Node's client accepts in a request path (0x21–0xff, no spaces). */
    const randomPathText = (length: number): string => {
      let text = '';
      for (let i = 0; i < length; i++)
        text += String.fromCharCode(random() < 0.9 ? 0x21 + int(0x5e) : 0x80 + int(0x80));
      return text;
    };
    const encode = (value: string) => (random() < 0.7 ? encodeURIComponent(value) : value.replace(/[\s&]/g, '+'));
    const randomForm = (): string => {
      const pairs: string[] = [];
      if (random() < 0.8) pairs.push(creds);
      for (let i = int(6); i > 0; i--) {
        const key = random() < 0.9 ? pick(PARAMS) : randomPathText(int(5));
        pairs.push(`${encode(key)}=${pick(VALUES).includes('%') ? pick(VALUES) : encode(pick(VALUES))}`);
      }
      return pairs.join(random() < 0.95 ? '&' : '&&');
    };
    const randomPath = (): string => {
      const roll = random();
      if (roll < 0.75) return `/open/${pick(ENDPOINTS)}`;
      if (roll < 0.8)
        return `/sandbox/${pick(['state', 'calls', 'notifications', 'calls/AA-C-1000001', 'calls/%ZZ/legs/1', 'nope'])}`;
      if (roll < 0.9) return `/open/${randomPathText(int(20))}`;
      return `/${randomPathText(int(40))}`;
    };

    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    let transportErrors = 0;
    const send = (index: number) =>
      new Promise<void>((resolve) => {
        const method = pick(METHODS);
        const path = randomPath();
        const query = random() < 0.5 ? `?${random() < 0.8 ? randomForm() : randomPathText(int(200))}` : '';
        const bodyKind = random();
        const body =
          method === 'GET' && random() < 0.7
            ? undefined
            : bodyKind < 0.6
              ? Buffer.from(randomForm())
              : bodyKind < 0.97
                ? randomBytes(int(2000))
                : randomBytes(60 * 1024 + int(20 * 1024));
        const headers: Record<string, string> = {};
        const type = pick(CONTENT_TYPES);
        if (type) headers['Content-Type'] = type;
        // Without a length Node chunks POST/PUT/PATCH bodies; other methods would send raw bytes that
        // desynchronise the keep-alive connection, so they always get one.
        const chunkable = method === 'POST' || method === 'PUT' || method === 'PATCH';
        if (body && (!chunkable || random() < 0.8)) headers['Content-Length'] = String(body.length);
        let req: http.ClientRequest;
        try {
          req = http.request({ host: '127.0.0.1', port, method, path: `${path}${query}`, headers, agent });
        } catch {
          statuses.set('client-refused', (statuses.get('client-refused') ?? 0) + 1);
          resolve();
          return;
        }
        req.setTimeout(10_000, () => req.destroy(new Error(`request ${index} timed out`)));
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const target = `${method} ${path}${query}`;
            // Node's HTTP parser rejects non-ASCII request targets with a bare 400 before any routing.
            const parsable = !/[\x80-\xff]/.test(path + query);
            const isApi =
              parsable && path.startsWith('/open/') && ENDPOINTS.includes(path.slice(6)) && method !== 'HEAD';
            if (isApi) {
              let status: unknown;
              try {
                status = (JSON.parse(text) as { status: unknown }).status;
              } catch {
                status = undefined;
              }
              if (res.statusCode !== 200 || typeof status !== 'string') {
                problems.push(`${target.slice(0, 200)} → HTTP ${res.statusCode} ${text.slice(0, 100)}`);
              }
              statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
            } else {
              if (res.statusCode! >= 500) problems.push(`${target.slice(0, 200)} → HTTP ${res.statusCode}`);
              statuses.set(`HTTP ${res.statusCode}`, (statuses.get(`HTTP ${res.statusCode}`) ?? 0) + 1);
            }
            resolve();
          });
          res.on('error', () => resolve());
        });
        req.on('error', () => {
          transportErrors++;
          resolve();
        });
        req.end(body);
      });

    let next = 0;
    const worker = async () => {
      while (next < HTTP_REQUESTS) await send(next++);
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    agent.destroy();

    const rawConnection = (index: number) =>
      new Promise<void>((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        const timer = setTimeout(() => socket.destroy(), 3000);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.on('data', () => undefined);
        const prefix = pick([
          '',
          'GET ',
          'POST /open/voice/call HTTP/1.1\r\n',
          'GET / HTTP/1.1\r\nHost: x\r\n',
          'POST /open/voice/call HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n',
          'POST /open/voice/call HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
        ]);
        socket.write(Buffer.concat([Buffer.from(prefix, 'latin1'), randomBytes(int(index % 7 === 0 ? 20_000 : 500))]));
        socket.end();
      });
    for (let i = 0; i < RAW_CONNECTIONS; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => rawConnection(i + j)));
    }

    expect(problems).toEqual([]);
    // The fuzz reached the API in many ways…
    expect(statuses.get('error_malformed_params')).toBeGreaterThan(100);
    expect(statuses.get('error_invalid_http_method')).toBeGreaterThan(100);
    expect(statuses.get('success_ok')).toBeGreaterThan(100);
    expect(statuses.size).toBeGreaterThan(15);
    expect(transportErrors).toBeLessThan(HTTP_REQUESTS / 5);
    // …without an internal error…
    expect(logged.filter((line) => line.includes('internal error'))).toEqual([]);
    // …and a normal call still succeeds.
    await waitFor(async () => (await control(sandbox, 'GET', 'state')).json.liveCalls === 0, 10_000);
    await control(sandbox, 'POST', 'reset');
    const { json } = await api(sandbox, 'voice/call', { dest2: '+14155550100' });
    expect(json.status).toBe('success_ok');
    const ended = await waitForEnd(sandbox, json.txn_ref as string);
    expect(ended).toMatchObject({ duration: 1, debit: '0.029' });
  }, 120_000);
});
