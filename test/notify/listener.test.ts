import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationListener } from '../../src/main/core/notify/listener.ts';
import { httpRequest } from '../../src/main/core/notify/loopback-http.ts';
import { FORM, notificationBody, recordEvents, send, sign, VECTOR } from './helpers.ts';

const KEY = 'sandbox-token-0123456789abcdef';

describe('NotificationListener over real HTTP', () => {
  let listener: NotificationListener;
  let origin: string;
  let events: ReturnType<typeof recordEvents>;
  let path: string;

  beforeEach(async () => {
    listener = new NotificationListener({ getSigningKey: () => KEY });
    events = recordEvents(listener);
    await listener.start();
    origin = listener.localOrigin();
    listener.register('call-1');
    path = listener.notifyPath('call-1');
  });

  afterEach(async () => {
    await listener.close();
  });

  it('accepts the hoiio-api.md §5 test vector and emits the typed notification', async () => {
    expect(sign(VECTOR.key, VECTOR.body)).toBe(VECTOR.signature);
    const vectorListener = new NotificationListener({ getSigningKey: async () => VECTOR.key });
    const received = recordEvents(vectorListener);
    const { port } = await vectorListener.start();
    try {
      vectorListener.register('local-42');
      const response = await send(`http://127.0.0.1:${port}`, vectorListener.notifyPath('local-42'), VECTOR.body, '', {
        signature: VECTOR.signature,
      });
      expect(response.status).toBe(200);
      expect(received.notifications).toEqual([
        {
          callId: 'local-42',
          notification: {
            txnRef: 'AA-C-1000001',
            tag: 'order-42',
            dest1: '+6591234567',
            dest2: '+14155550100',
            statusDest1: 'answered',
            statusDest2: 'answered',
            date: '2024-05-01T02:00:00.000Z',
            durationMinutes: 1,
            currency: 'USD',
            rate: '0.029',
            debit: '0.029',
          },
        },
      ]);
    } finally {
      await vectorListener.close();
    }
  });

  it('ignores the case of the hex signature', async () => {
    const body = notificationBody();
    const response = await send(origin, path, body, KEY, { signature: sign(KEY, body).toUpperCase() });
    expect(response.status).toBe(200);
    expect(events.notifications).toHaveLength(1);
  });

  it('answers 401 to a missing, malformed, wrong-key or tampered signature and emits nothing', async () => {
    const body = notificationBody();
    const good = sign(KEY, body);
    const flipped = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    const attempts = [
      send(origin, path, body, KEY, { signature: null }),
      send(origin, path, body, KEY, { signature: '' }),
      send(origin, path, body, KEY, { signature: good.slice(0, 63) }),
      send(origin, path, body, KEY, { signature: `${good}00` }),
      send(origin, path, body, KEY, { signature: 'z'.repeat(64) }),
      send(origin, path, body, KEY, { signature: flipped }),
      send(origin, path, body, 'another-token'),
      send(origin, path, body.replace('debit=0.030', 'debit=0.000'), KEY, { signature: good }),
    ];
    const statuses = (await Promise.all(attempts)).map((response) => response.status);
    expect(statuses).toEqual(Array(attempts.length).fill(401));
    expect(events.notifications).toEqual([]);
    expect(events.rejections.map((rejection) => rejection.status)).toEqual(Array(attempts.length).fill(401));
  });

  it('verifies the raw bytes: an equivalent re-encoding of a signed body is refused', async () => {
    const body = notificationBody();
    const reencoded = body.replace('%3A', '%3a');
    expect(reencoded).not.toBe(body);
    const response = await send(origin, path, reencoded, KEY, { signature: sign(KEY, body) });
    expect(response.status).toBe(401);
    expect(events.notifications).toEqual([]);
  });

  it('merges query and body, the body winning on a shared key', async () => {
    listener.register('call-2');
    const queryOnly = await send(origin, `${path}?tag=from-query&extra=1`, notificationBody({ tag: null }), KEY);
    const both = await send(
      origin,
      `${listener.notifyPath('call-2')}?tag=from-query`,
      notificationBody({ tag: 'from-body' }),
      KEY,
    );
    expect([queryOnly.status, both.status]).toEqual([200, 200]);
    expect(events.notifications.map((event) => [event.callId, event.notification.tag])).toEqual([
      ['call-1', 'from-query'],
      ['call-2', 'from-body'],
    ]);
  });

  it('distinguishes an absent tag (null) from an empty one and reads the captured .NET body', async () => {
    listener.register('call-2');
    listener.register('call-3');
    const captured =
      'duration=0&rate=0.036&dest2=%2B6500000000&call_status_dest1=answered&call_status_dest2=failed&tag=' +
      '&debit=0.000&date=2012-06-06+11%3A10%3A36.0&dest1=%2B6500000000&txn_ref=AA-C-2517398&currency=SGD';
    await send(origin, path, notificationBody({ tag: null }), KEY);
    await send(origin, listener.notifyPath('call-2'), notificationBody({ tag: '' }), KEY);
    const response = await send(origin, listener.notifyPath('call-3'), captured, KEY);
    expect(response.status).toBe(200);
    expect(events.notifications.map((event) => event.notification.tag)).toEqual([null, '', '']);
    expect(events.notifications[2]?.notification).toMatchObject({
      txnRef: 'AA-C-2517398',
      statusDest2: 'failed',
      date: '2012-06-06T03:10:36.000Z',
      durationMinutes: 0,
      debit: '0.000',
      currency: 'SGD',
    });
  });

  it('answers 400 to signed but malformed notifications', async () => {
    const bodies = [
      'txn_ref=AA-C-1&dest2=%ZZ',
      notificationBody({ date: '2024-05-01T10:00:00' }),
      notificationBody({ date: '2024-02-30 10:00:00' }),
      notificationBody({ duration: '1.5' }),
      notificationBody({ debit: '0.03' }),
      notificationBody({ rate: null }),
      notificationBody({ call_status_dest1: 'hung_up' }),
      notificationBody({ dest2: '6581234567' }),
      notificationBody({ currency: 'usd' }),
      notificationBody({ tag: 'x'.repeat(257) }),
      `${notificationBody()}&tag=%FF`.replace('tag=call-1&', ''),
      Buffer.concat([Buffer.from(notificationBody()), Buffer.from([0xff, 0xfe])]),
      '',
    ];
    for (const body of bodies) {
      const response = await send(origin, path, body, KEY);
      expect(response.status, String(body)).toBe(400);
    }
    expect(events.notifications).toEqual([]);
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = notificationBody({ padding: 'x'.repeat(17 * 1024) });
    const declared = await send(origin, path, big, KEY);
    expect(declared.status).toBe(413);
    const streamed = await sendChunked(origin, path, big, sign(KEY, big));
    expect(streamed).toMatch(/^HTTP\/1\.1 413 /);
    expect(events.notifications).toEqual([]);
    // Just under the limit still works.
    const fits = notificationBody({ padding: 'x'.repeat(15 * 1024) });
    expect((await send(origin, path, fits, KEY)).status).toBe(200);
  });

  it('answers 415 unless the content type is a UTF-8 form', async () => {
    const body = notificationBody();
    for (const contentType of [
      null,
      'text/plain',
      'application/json',
      `${FORM}; charset=iso-8859-1`,
      'multipart/form-data',
    ]) {
      expect((await send(origin, path, body, KEY, { contentType })).status, String(contentType)).toBe(415);
    }
    expect(events.notifications).toEqual([]);
    const withCharset = await send(origin, path, body, KEY, {
      contentType: 'Application/X-WWW-Form-URLEncoded; Charset=UTF-8',
    });
    expect(withCharset.status).toBe(200);
    expect(events.notifications).toHaveLength(1);
  });

  it('answers 404 to unknown, malformed and unregistered tokens', async () => {
    const body = notificationBody();
    const token = path.slice('/hoiio/notify/'.length);
    const otherToken = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const paths = [
      '/',
      '/hoiio/notify/',
      `/hoiio/notify/${otherToken}`,
      `${path}/extra`,
      `/hoiio/notify/../notify/${token}x`,
    ];
    for (const target of paths) {
      expect((await send(origin, target, body, KEY)).status, target).toBe(404);
    }
    listener.unregister('call-1');
    expect((await send(origin, path, body, KEY)).status).toBe(404);
    expect(events.notifications).toEqual([]);
    expect(events.rejections.every((rejection) => rejection.status === 404)).toBe(true);
  });

  it('answers 405 to other methods on a registered path', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await send(origin, path, method === 'GET' ? '' : notificationBody(), KEY, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe('POST');
    }
    expect(events.notifications).toEqual([]);
  });

  it('answers exact duplicates 200 without emitting them again; a different body is new', async () => {
    const body = notificationBody();
    const statuses = await Promise.all([1, 2, 3].map(() => send(origin, path, body, KEY)));
    expect(statuses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(events.notifications).toHaveLength(1);
    await send(origin, path, notificationBody({ call_status_dest2: 'busy', duration: '0', debit: '0.000' }), KEY);
    expect(events.notifications).toHaveLength(2);
  });

  it('answers 503 when the signing key cannot be read, without leaking the error', async () => {
    const failing = new NotificationListener({
      getSigningKey: () => Promise.reject(new Error(`keychain said: ${KEY}`)),
    });
    const received = recordEvents(failing);
    const { port } = await failing.start();
    try {
      failing.register('c');
      const response = await send(`http://127.0.0.1:${port}`, failing.notifyPath('c'), notificationBody(), KEY);
      expect(response.status).toBe(503);
      expect(response.body.toString()).not.toContain(KEY);
      expect(JSON.stringify(received.rejections)).not.toContain(KEY);
      expect(received.notifications).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('echoes tunnel probes and refuses malformed ones', async () => {
    const nonce = 'probe_0123456789abcdef';
    const probe = await httpRequest(`${origin}/hoiio/probe/${nonce}`, { timeoutMs: 2000 });
    expect([probe.status, probe.body.toString()]).toEqual([200, nonce]);
    expect((await httpRequest(`${origin}/hoiio/probe/short`, { timeoutMs: 2000 })).status).toBe(404);
    expect((await httpRequest(`${origin}/hoiio/probe/${nonce}`, { method: 'POST', timeoutMs: 2000 })).status).toBe(404);
  });

  it('issues distinct URL-safe tokens of at least 128 bits, stable per call', () => {
    const tokens = new Set(Array.from({ length: 200 }, (_, index) => listener.register(`many-${index}`)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/); // 32 base64url chars = 192 bits
    expect(listener.register('call-1')).toBe(path.slice('/hoiio/notify/'.length));
    expect(() => listener.notifyPath('never-registered')).toThrow(RangeError);
  });

  it('listens on 127.0.0.1 only and close() drops idle keep-alive connections', async () => {
    const port = listener.port();
    const idle = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    const started = Date.now();
    await listener.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(httpRequest(`${origin}/`, { timeoutMs: 1000 })).rejects.toThrow(/ECONNREFUSED/);
    idle.destroy();
  });
});

/** Sends a chunked body (no Content-Length) over a raw socket; resolves with what the server answered. */
function sendChunked(origin: string, path: string, body: string, signature: string): Promise<string> {
  const { port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 5 s')), 5000);
    socket.on('data', (data) => (answer += data.toString('latin1')));
    socket.on('error', (error) => (answer ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM}\r\nX-Hoiio-Signature: ${signature}\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n',
    );
    for (let offset = 0; offset < body.length; offset += 1024) {
      const chunk = body.slice(offset, offset + 1024);
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }
    socket.write('0\r\n\r\n');
  });
}
