/**
 * End-of-call notifications (hoiio-api.md §5, §7.6): one form POST per call to notify_url, signed with
 * X-Hoiio-Signature (recomputed here), delivery outcomes in the control API's log, never blocking calls.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { signBody } from '../../src/sandbox/index.ts';
import {
  api,
  control,
  deliveries,
  placeCall,
  sleep,
  start,
  startReceiver,
  waitFor,
  waitForEnd,
  type ReceivedRequest,
} from './helpers.ts';

const hmac = (key: string, body: Buffer | string) => createHmac('sha256', key).update(body).digest('hex');

describe('signature (§5)', () => {
  it('matches the test vector', () => {
    const body =
      'txn_ref=AA-C-1000001&tag=order-42&dest1=%2B6591234567&dest2=%2B14155550100&call_status_dest1=answered' +
      '&call_status_dest2=answered&date=2024-05-01+10%3A00%3A00&duration=1&currency=USD&rate=0.029&debit=0.029';
    const expected = '801b687282f0796f28ed678a80e1d3a3a4a14aa85a71f54557e26e9cd2a769ac';
    expect(signBody(body, 'example-access-token')).toBe(expected);
    expect(hmac('example-access-token', body)).toBe(expected);
  });
});

describe('delivery', () => {
  it('one signed form POST to notify_url as given, after the final state is visible; logged', async () => {
    const sandbox = await start({ accessToken: 'example-access-token' });
    const seen: string[] = [];
    const receiver = await startReceiver((_req, res) => {
      // The final state is already visible in query_status when the notification arrives.
      void api(sandbox, 'voice/query_status', { txn_ref: 'AA-C-1000001' }).then(({ json }) => {
        seen.push(json.call_status_dest1 as string);
        res.end('thanks');
      });
    });
    const notifyUrl = `${receiver.url}/hoiio/notify?call=42&k=a%20b`;
    const txnRef = await placeCall(sandbox, { dest2: '+14155550100', tag: 'order-42', notify_url: notifyUrl });
    await waitFor(() => receiver.requests.length === 1);
    const [received] = receiver.requests as [ReceivedRequest];

    expect(received.method).toBe('POST');
    expect(received.url).toBe('/hoiio/notify?call=42&k=a%20b');
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received.headers['user-agent']).toBe('HoiioSandbox/1');
    expect(received.headers.host).toBe(`127.0.0.1:${receiver.port}`);
    const signature = received.headers['x-hoiio-signature'];
    expect(signature).toBe(hmac('example-access-token', received.body));
    expect(signature).toMatch(/^[0-9a-f]{64}$/);

    const body = received.body.toString('utf8');
    const fields = [...new URLSearchParams(body)];
    const status = (await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json;
    expect(fields).toEqual([
      ['txn_ref', txnRef],
      ['tag', 'order-42'],
      ['dest1', '+6591234567'],
      ['dest2', '+14155550100'],
      ['call_status_dest1', 'answered'],
      ['call_status_dest2', 'answered'],
      ['date', status.date],
      ['duration', '1'],
      ['currency', 'USD'],
      ['rate', '0.029'],
      ['debit', '0.029'],
    ]);
    // URLSearchParams serialisation: + → %2B, space → +, : → %3A; no status field, no pass-on query.
    expect(body).toContain('dest1=%2B6591234567');
    expect(body).toContain(`date=${status.date!.toString().replace(' ', '+').replaceAll(':', '%3A')}`);
    expect(body).not.toContain('status=');
    expect(body).not.toContain('call=42');
    expect(seen).toEqual(['answered']);

    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    const [delivery] = await deliveries(sandbox);
    expect(delivery).toMatchObject({
      txn_ref: txnRef,
      url: notifyUrl,
      body,
      signature,
      httpStatus: 200,
      error: null,
    });
    expect(delivery!.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(typeof delivery!.elapsedMs).toBe('number');
    await sleep(100);
    expect(receiver.requests).toHaveLength(1);
  });

  it('tag: absent when the request had none, empty when it was sent empty; .0 dates with --date-fraction', async () => {
    const sandbox = await start({ dateFraction: true });
    const receiver = await startReceiver();
    const none = await placeCall(sandbox, { notify_url: `${receiver.url}/a` });
    const empty = await placeCall(sandbox, { notify_url: `${receiver.url}/b`, tag: '' });
    await waitFor(() => receiver.requests.length === 2);
    const body = (path: string) => receiver.requests.find((r) => r.url === path)!.body.toString();
    expect(new URLSearchParams(body('/a')).has('tag')).toBe(false);
    expect(body('/b')).toContain(`txn_ref=${empty}&tag=&dest1=`);
    expect(new URLSearchParams(body('/a')).get('txn_ref')).toBe(none);
    expect(new URLSearchParams(body('/a')).get('date')).toMatch(/\.0$/);
  });

  it('a failed or short call is notified too, with its final statuses; hangup notifies once', async () => {
    const sandbox = await start({ talkSeconds: 3600 });
    const receiver = await startReceiver();
    await placeCall(sandbox, { dest1: '+6581230001', dest2: '+6587654321', notify_url: receiver.url });
    const hungUp = await placeCall(sandbox, { notify_url: `${receiver.url}/h` });
    await api(sandbox, 'voice/hangup', { txn_ref: hungUp });
    await waitFor(() => receiver.requests.length === 2);
    const byUrl = new Map(receiver.requests.map((r) => [r.url, new URLSearchParams(r.body.toString())]));
    expect(byUrl.get('/')!.get('call_status_dest1')).toBe('busy');
    expect(byUrl.get('/')!.get('call_status_dest2')).toBe('unanswered');
    expect(byUrl.get('/')!.get('debit')).toBe('0.000');
    expect(byUrl.get('/h')!.get('call_status_dest1')).toBe('unanswered');
    await sleep(50);
    expect(receiver.requests).toHaveLength(2);
  });

  it('no notify_url, no notification', async () => {
    const sandbox = await start();
    const txnRef = await placeCall(sandbox);
    await waitForEnd(sandbox, txnRef);
    await sleep(20);
    expect(await deliveries(sandbox)).toEqual([]);
    expect((await control(sandbox, 'POST', `calls/${txnRef}/renotify`)).status).toBe(409);
  });

  it('a non-200 answer is a failure, logged, never retried; redirects are not followed', async () => {
    const sandbox = await start();
    const target = await startReceiver();
    const receiver = await startReceiver((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: `${target.url}/elsewhere` });
        res.end();
      } else {
        res.writeHead(req.url === '/500' ? 500 : 204);
        res.end();
      }
    });
    for (const path of ['/500', '/redirect', '/204'])
      await placeCall(sandbox, { notify_url: `${receiver.url}${path}` });
    await waitFor(async () => (await deliveries(sandbox)).length === 3);
    const log = await deliveries(sandbox);
    const byPath = new Map(log.map((d) => [new URL(d.url).pathname, d]));
    expect(byPath.get('/500')).toMatchObject({ httpStatus: 500, error: 'HTTP 500' });
    expect(byPath.get('/redirect')).toMatchObject({ httpStatus: 302 });
    expect(byPath.get('/redirect')!.error).toMatch(/redirect/);
    expect(byPath.get('/204')).toMatchObject({ httpStatus: 204, error: 'HTTP 204' });
    await sleep(100);
    expect(receiver.requests).toHaveLength(3);
    expect(target.requests).toHaveLength(0);
  });

  it('a receiver that went away: connection refused is logged with httpStatus null', async () => {
    const sandbox = await start();
    const receiver = await startReceiver();
    await placeCall(sandbox, { notify_url: `${receiver.url}/gone` }); // passes the check while it listens
    await receiver.close();
    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    const [delivery] = await deliveries(sandbox);
    expect(delivery).toMatchObject({ httpStatus: null });
    expect(delivery!.error).toMatch(/ECONNREFUSED/);
  });

  it('--notify-timeout-ms bounds a delivery', async () => {
    const sandbox = await start({ notifyTimeoutMs: 300 });
    const slow = await startReceiver(() => undefined); // never answers
    await placeCall(sandbox, { dest1: '+6581230001', dest2: '+6587654321', notify_url: `${slow.url}/slow` });
    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    const [delivery] = await deliveries(sandbox);
    expect(delivery).toMatchObject({ httpStatus: null });
    expect(delivery!.error).toMatch(/timed out after 300 ms/);
    expect(delivery!.elapsedMs).toBeGreaterThanOrEqual(290);
    expect(slow.requests).toHaveLength(1);
  });

  it('a hanging receiver never delays other calls or their notifications', async () => {
    const sandbox = await start({ notifyTimeoutMs: 60_000 });
    const slow = await startReceiver(() => undefined); // never answers
    const fast = await startReceiver();
    await placeCall(sandbox, { dest1: '+6581230001', dest2: '+6587654321', notify_url: `${slow.url}/slow` });
    await waitFor(() => slow.requests.length === 1);
    // While that delivery hangs, another call runs its whole course and is notified.
    const txnRef = await placeCall(sandbox, { notify_url: `${fast.url}/fast` });
    await waitFor(() => fast.requests.length === 1);
    expect((await api(sandbox, 'voice/query_status', { txn_ref: txnRef })).json.call_status_dest2).toBe('answered');
    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    const log = await deliveries(sandbox);
    expect(log[0]).toMatchObject({ txn_ref: txnRef, httpStatus: 200, error: null });
    expect(slow.requests).toHaveLength(1);
  });

  it('*.localhost resolves to 127.0.0.1 without DNS and keeps the Host header', async () => {
    const sandbox = await start();
    const receiver = await startReceiver();
    const url = `http://my-tunnel.localhost:${receiver.port}/n?x=1`;
    await placeCall(sandbox, { dest1: '+6581230003', dest2: '+6587654321', notify_url: url });
    await waitFor(() => receiver.requests.length === 1);
    expect(receiver.requests[0]!.headers.host).toBe(`my-tunnel.localhost:${receiver.port}`);
    expect(receiver.requests[0]!.url).toBe('/n?x=1');
    await waitFor(async () => (await deliveries(sandbox)).length === 1);
    expect((await deliveries(sandbox))[0]).toMatchObject({ url, httpStatus: 200 });
  });

  it('https: the handshake check and the delivery work without verifying the (self-signed) certificate', async () => {
    const fixtures = new URL('./fixtures/', import.meta.url);
    const received: { servername: string | false | null; body: string; signature: unknown }[] = [];
    const server = https.createServer(
      {
        key: readFileSync(new URL('localhost-key.pem', fixtures)),
        cert: readFileSync(new URL('localhost-cert.pem', fixtures)),
      },
      (req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({
            servername: (req.socket as TLSSocket).servername,
            body,
            signature: req.headers['x-hoiio-signature'],
          });
          res.end();
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const sandbox = await start();
      const port = (server.address() as AddressInfo).port;
      const txnRef = await placeCall(sandbox, {
        dest1: '+6581230001',
        dest2: '+6587654321',
        notify_url: `https://localhost:${port}/secure`,
      });
      await waitFor(() => received.length === 1);
      expect(received[0]!.servername).toBe('localhost');
      expect(new URLSearchParams(received[0]!.body).get('txn_ref')).toBe(txnRef);
      expect(received[0]!.signature).toBe(hmac(sandbox.accessToken, received[0]!.body));
      await waitFor(async () => (await deliveries(sandbox)).length === 1);
      expect((await deliveries(sandbox))[0]).toMatchObject({ httpStatus: 200, error: null });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('renotify re-sends the identical final notification; 409 while live', async () => {
    const sandbox = await start({ ringSeconds: 3600 });
    const receiver = await startReceiver();
    const txnRef = await placeCall(sandbox, { notify_url: `${receiver.url}/dup` });
    expect((await control(sandbox, 'POST', `calls/${txnRef}/renotify`)).status).toBe(409);
    await control(sandbox, 'POST', `calls/${txnRef}/hangup`);
    await waitFor(() => receiver.requests.length === 1);
    const again = await control(sandbox, 'POST', `calls/${txnRef}/renotify`);
    expect(again.status).toBe(200);
    expect(again.json.delivery).toMatchObject({ txn_ref: txnRef, httpStatus: 200, error: null });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.body).toEqual(receiver.requests[0]!.body);
    expect(receiver.requests[1]!.headers['x-hoiio-signature']).toBe(receiver.requests[0]!.headers['x-hoiio-signature']);
    await waitFor(async () => (await deliveries(sandbox)).length === 2);
    expect((await control(sandbox, 'POST', 'calls/AA-C-1/renotify')).status).toBe(404);
  });
});
