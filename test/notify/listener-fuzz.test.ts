/**
 * Fuzz: thousands of malformed, unsigned, oversized, misrouted, truncated and replayed requests
 * against a real NotificationListener. Only the single legitimate notification may be emitted, every
 * answer must be the documented status, and the listener must still work afterwards.
 * Seeded: FUZZ_SEED=<n> reproduces a run (the seed is in the test name).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationListener } from '../../src/main/core/notify/listener.ts';
import { httpRequest } from '../../src/main/core/notify/loopback-http.ts';
import { FORM, notificationBody, recordEvents, send, sign } from './helpers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const REQUESTS = 6000;
const CONCURRENCY = 8;
const KEY = 'fuzz-access-token';

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`NotificationListener fuzz (seed ${SEED})`, () => {
  const random = prng(SEED);
  const int = (max: number): number => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bytes = (length: number): Buffer => Buffer.from(Array.from({ length }, () => int(256)));
  const hex = (length: number): string => Array.from({ length }, () => '0123456789abcdef'[int(16)]).join('');

  let listener: NotificationListener;
  let events: ReturnType<typeof recordEvents>;
  let origin: string;
  let port: number;
  let path: string;
  const legitBody = notificationBody({ txn_ref: 'AA-C-4242' });

  beforeAll(async () => {
    listener = new NotificationListener({ getSigningKey: () => KEY });
    events = recordEvents(listener);
    port = (await listener.start()).port;
    origin = `http://127.0.0.1:${port}`;
    listener.register('legit-call');
    listener.register('other-call');
    path = listener.notifyPath('legit-call');
  });

  afterAll(async () => {
    await listener.close();
  });

  /** One fuzz case: sends something and checks the answer; returns the category for the tally. */
  type FuzzCase = () => Promise<string>;

  const expectStatus = async (category: string, sent: Promise<{ status: number }>, expected: number) => {
    const { status } = await sent;
    expect(status, category).toBe(expected);
    return category;
  };

  /** A signed body that cannot be a valid notification. */
  const brokenNotification = (): string =>
    pick([
      () => notificationBody({ [pick(['txn_ref', 'dest1', 'date', 'rate', 'debit', 'duration'])]: null }),
      () => notificationBody({ duration: pick(['-1', '1.0', 'x', '', '1e2']) }),
      () => notificationBody({ date: pick(['2024-13-01 00:00:00', 'yesterday', '2024-05-01T10:00:00Z']) }),
      () => notificationBody({ debit: pick(['1', '0.1', '1,000', 'NaN']) }),
      () => `${notificationBody()}&tag=%${pick(['Z', 'G1', 'FF', 'C3%28'])}`.replace('tag=call-1&', ''),
      () => notificationBody({ call_status_dest1: pick(['ANSWERED', 'hangup', '']) }),
    ])();

  const cases: readonly FuzzCase[] = [
    // Random bytes, unsigned or with random hex as signature.
    () => {
      const body = bytes(int(600));
      const signature = random() < 0.5 ? null : hex(64);
      return expectStatus('random bytes, unsigned', send(origin, path, body, KEY, { signature }), 401);
    },
    // Random bytes correctly signed: authentic but not a form.
    () => expectStatus('random bytes, signed', send(origin, path, bytes(1 + int(600)), KEY), 400),
    // Signed but malformed notifications.
    () => expectStatus('signed malformed', send(origin, path, brokenNotification(), KEY), 400),
    // Random paths, including near misses of the real one.
    () => {
      const target = pick([
        () => `/${bytes(int(40)).toString('base64url')}`,
        () => `/hoiio/notify/${bytes(24).toString('base64url')}`,
        () => `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`,
        () => `${path}/`,
        () => `${path}%00`,
        () => path.toUpperCase(),
        () => `/hoiio/probe/${hex(8)}`,
      ])();
      return expectStatus('random path', send(origin, target, legitBody, KEY), 404);
    },
    // Wrong methods on the real path.
    () => {
      const method = pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
      return expectStatus('wrong method', send(origin, path, method === 'GET' ? '' : legitBody, KEY, { method }), 405);
    },
    // A valid, new notification with a wrong signature (other key, flipped digit, truncated).
    () => {
      const body = notificationBody({ txn_ref: `AA-C-${int(1e6)}` });
      const good = sign(KEY, body);
      const signature = pick([
        sign('not-the-key', body),
        good.slice(0, 63) + (good.endsWith('f') ? 'e' : 'f'),
        good.slice(0, 32),
        `sha256=${good}`,
      ]);
      return expectStatus('wrong signature', send(origin, path, body, KEY, { signature }), 401);
    },
    // The legitimate notification with one byte changed, its original signature kept.
    () => {
      const tampered = Buffer.from(legitBody);
      const index = int(tampered.length);
      tampered[index] = (tampered[index]! + 1 + int(255)) % 256;
      return expectStatus(
        'tampered replay',
        send(origin, path, tampered, KEY, { signature: sign(KEY, legitBody) }),
        401,
      );
    },
    // Exact replays of the legitimate notification.
    () => expectStatus('replay', send(origin, path, legitBody, KEY), 200),
    // Another registered call's path with a signed body that has a broken escape.
    () => {
      const body = `${legitBody}&${hex(4)}=%`;
      return expectStatus(
        'signed, bad escape, other call',
        send(origin, listener.notifyPath('other-call'), body, KEY),
        400,
      );
    },
    // Oversized bodies, signed.
    () => {
      const body = `${legitBody}&padding=${'x'.repeat(16 * 1024 + int(4096))}`;
      return expectStatus('oversized', send(origin, path, body, KEY), 413);
    },
    // Wrong content types on a signed, new notification.
    () => {
      const contentType = pick([null, 'text/plain', 'application/json', `${FORM}; charset=latin1`, 'form', '']);
      const body = notificationBody({ txn_ref: `AA-C-${int(1e6)}` });
      return expectStatus('wrong content type', send(origin, path, body, KEY, { contentType }), 415);
    },
    // Bodies cut short: the connection ends before Content-Length bytes arrive.
    () => rawExchange(truncatedRequest(), 'truncated body'),
    // Content-Length shorter than what follows: the signed prefix fails, the rest is garbage.
    () => rawExchange(shortLengthRequest(), 'short content-length'),
    // Raw garbage instead of HTTP.
    () => rawExchange(bytes(1 + int(400)), 'raw garbage'),
  ];

  function requestHead(contentLength: number, signature: string): string {
    return (
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\n` +
      `X-Hoiio-Signature: ${signature}\r\nContent-Length: ${contentLength}\r\n\r\n`
    );
  }

  function truncatedRequest(): Buffer {
    const cut = int(legitBody.length);
    return Buffer.from(requestHead(legitBody.length, sign(KEY, legitBody)) + legitBody.slice(0, cut));
  }

  function shortLengthRequest(): Buffer {
    const length = 1 + int(legitBody.length - 1);
    return Buffer.from(requestHead(length, sign(KEY, legitBody)) + legitBody);
  }

  /** Writes bytes on a fresh connection, half-closes it and waits (bounded) for the server to close it. */
  function rawExchange(payload: Buffer, category: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${category}: the listener kept the connection open for 5 s`));
      }, 5000);
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined); // a reset is an acceptable way to refuse
      socket.on('close', () => {
        clearTimeout(timer);
        if (/^HTTP\/1\.1 200/m.test(answer)) reject(new Error(`${category}: answered 200`));
        else resolve(category);
      });
      socket.end(payload);
    });
  }

  it(`emits only the one legitimate notification across ${REQUESTS} hostile requests, then still works`, async () => {
    const first = await send(origin, path, legitBody, KEY);
    expect(first.status).toBe(200);
    expect(events.notifications).toHaveLength(1);

    const tally = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < REQUESTS) {
        next += 1;
        const category = await pick(cases)();
        tally.set(category, (tally.get(category) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const total = [...tally.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBeGreaterThanOrEqual(5000);
    expect(tally.size).toBe(cases.length); // every kind of request was tried
    console.log(`fuzz seed ${SEED}:`, Object.fromEntries(tally));

    expect(events.notifications).toHaveLength(1);
    expect(events.notifications[0]?.notification.txnRef).toBe('AA-C-4242');

    // Still alive and still strict: a new legitimate notification is accepted, once.
    const fresh = notificationBody({ txn_ref: 'AA-C-4243', call_status_dest2: 'busy', duration: '0', debit: '0.000' });
    expect((await send(origin, listener.notifyPath('other-call'), fresh, KEY)).status).toBe(200);
    expect((await send(origin, listener.notifyPath('other-call'), fresh, KEY)).status).toBe(200);
    expect(events.notifications.map((event) => [event.callId, event.notification.txnRef])).toEqual([
      ['legit-call', 'AA-C-4242'],
      ['other-call', 'AA-C-4243'],
    ]);
    const probe = await httpRequest(`${origin}/hoiio/probe/still-alive-123456`, { timeoutMs: 2000 });
    expect(probe.body.toString()).toBe('still-alive-123456');
  }, 60_000);
});
