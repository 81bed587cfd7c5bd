import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../support/browser-host.ts';

let host: RunningHost;
let token: string;
beforeAll(async () => {
  host = await startHost();
  token = new URL(host.url).searchParams.get('token')!;
});
afterAll(async () => {
  await host?.stop();
});

function openSocket(
  query: string,
  origin: string,
  headers: Record<string, string> = {},
): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://${new URL(host.origin).host}/ws${query}`, { origin, headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    socket.once('error', () => resolve({}));
  });
}

function request(socket: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

/** Every answer the socket receives within `ms` (nothing else talks on this fresh socket). */
function collect(socket: WebSocket, ms: number): Promise<{ id: number | null; result: { ok: boolean } }[]> {
  const frames: { id: number | null; result: { ok: boolean } }[] = [];
  const onMessage = (data: WebSocket.RawData): void => void frames.push(JSON.parse(String(data)));
  socket.on('message', onMessage);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off('message', onMessage);
      resolve(frames);
    }, ms),
  );
}

/** A GET with a chosen Host header (fetch does not let a caller set it). */
function getWithHost(pathname: string, hostHeader: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(host.origin);
    const headers: Record<string, string> = { host: hostHeader, ...(cookie ? { cookie } : {}) };
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .once('error', reject);
  });
}

describe('browser host', () => {
  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,}$/);
  });

  it('serves the app with the token and sets a strict session cookie', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(await response.text()).toContain('<div id="root">');
  });

  it.each([
    ['/', 403],
    ['/?token=wrong', 403],
    ['/assets/../../package.json?token=TOKEN', 404],
    ['/%2e%2e/%2e%2e/package.json?token=TOKEN', 404],
    ['/nothing-here.js?token=TOKEN', 404],
  ])('GET %s -> %i', async (pathname, status) => {
    const response = await fetch(`${host.origin}${pathname.replace('TOKEN', token)}`);
    expect(response.status).toBe(status);
  });

  it('refuses POST', async () => {
    const response = await fetch(host.url, { method: 'POST' });
    expect(response.status).toBe(405);
  });

  it('refuses WebSocket upgrades without the token or from another origin', async () => {
    expect((await openSocket('', host.origin)).status).toBe(403);
    expect((await openSocket(`?token=${token}`, 'http://evil.example')).status).toBe(403);
  });

  it('answers only Host 127.0.0.1:PORT and localhost:PORT, over HTTP and WebSocket (DNS rebinding)', async () => {
    const { port } = new URL(host.origin);
    const cookie = `hoiio_host_session_${port}=${token}`;
    expect(await getWithHost(`/?token=${token}`, `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost('/', `localhost:${port}`, cookie)).toBe(200);
    for (const foreign of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, '127.0.0.1']) {
      expect(await getWithHost(`/?token=${token}`, foreign)).toBeGreaterThanOrEqual(400);
      expect(await getWithHost('/', foreign, cookie)).toBeGreaterThanOrEqual(400);
      const opened = await openSocket(`?token=${token}`, host.origin, { host: foreign });
      opened.socket?.close();
      expect(opened.socket).toBeUndefined();
    }
  });

  it('answers every request frame exactly once, even when it cannot be served, and keeps the connection', async () => {
    const { socket } = await openSocket(`?token=${token}`, host.origin);
    const answers = collect(socket!, 1500);
    const frames = [
      '{"id": 1, "channel": "no:such:channel"}',
      '{"id": 2, "channel": 42}',
      '{"__proto__": {"polluted": true}, "id": 3, "channel": "app:getInfo"}',
      '{"__proto__": {"id": 4, "channel": "app:getInfo"}}',
      '{"id": 5, "channel": "app:getInfo", "input": NaN}',
      '{"id": 6, "channel": "settings:update", "input": {"baseUrl": "x"}}',
      `{"id": 7, "channel": "${'c'.repeat(5000)}"}`,
      JSON.stringify({ id: 8, channel: 'settings:update', input: { baseUrl: 'x'.repeat(2 * 1024 * 1024) } }),
      '{"id": 9, "channel": "constructor"}',
      '{"id": 10, "channel": "app:getInfo", "input": {"constructor": {"prototype": {"x": 1}}}}',
    ];
    for (const frame of frames) socket!.send(frame);
    const received = await answers;
    expect(received.map((frame) => frame.id).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    // Frame 3 is a plain app:getInfo request beside a `__proto__` key, which is ignored.
    expect(received.filter((frame) => frame.result.ok).map((frame) => frame.id)).toEqual([3]);
    // The oversized frame was answered, not the connection closed: the next request still works.
    expect(socket!.readyState).toBe(WebSocket.OPEN);
    const reply = (await request(socket!, { id: 11, channel: 'app:getInfo' })) as { id: number };
    expect(reply.id).toBe(11);
    socket!.close();
  });

  it('carries contract calls through dispatch and answers garbage frames with an error', async () => {
    const { socket } = await openSocket(`?token=${token}`, host.origin);
    expect(socket).toBeDefined();
    expect(await request(socket!, 'not json')).toMatchObject({ id: null, result: { ok: false } });
    expect(await request(socket!, { id: 'x' })).toMatchObject({ id: null, result: { ok: false } });
    const reply = (await request(socket!, { id: 7, channel: 'app:getInfo' })) as { id: number; result: unknown };
    expect(reply.id).toBe(7);
    expect(reply.result).toMatchObject({ ok: true, value: { shell: 'browser' } });
    const bad = await request(socket!, { id: 8, channel: 'app:getInfo', input: [1, 2] });
    expect(bad).toMatchObject({ id: 8, result: { ok: false, error: { code: 'invalid_input' } } });
    socket!.close();
  });

  it.each([
    ['/proc/1/forbidden', /\/proc\/1\/forbidden cannot be used/],
    ['/proc/self/no/such', /cannot be used/],
    ['/dev/null/sub', /is a file, not a folder/],
    ['/etc/hostname', /is a file, not a folder/],
    ['/sys/kernel/hoiio', /cannot be used/],
    [`/tmp/${'x'.repeat(300)}/data`, /too long/],
  ])('exits 2 at once with the reason for --data-dir %s', async (dataDir, reason) => {
    // A spin would print nothing and exit never: startHost's 10 s bound turns that into a failure.
    const attempt = startHost({ dataDir, timeoutMs: 10_000 });
    await expect(attempt).rejects.toThrow(/exited with code 2/);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('exits 2 naming the flag when a flag is bad', async () => {
    await expect(startHost({ args: ['--port', 'abc'] })).rejects.toThrow(/exited with code 2[\s\S]*--port/);
    // The embedded sandbox's Hoiio Numbers: its own rule (hoiio-api.md §7.3), under the host's flag name.
    await expect(startHost({ args: ['--sandbox-hoiio-numbers', '+6581234567,12345'] })).rejects.toThrow(
      /exited with code 2[\s\S]*--sandbox-hoiio-numbers must be an E\.164 number/,
    );
  });
});
