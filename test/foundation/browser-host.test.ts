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

function openSocket(query: string, origin: string): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://${new URL(host.origin).host}/ws${query}`, { origin });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    socket.once('error', () => resolve({}));
  });
}

function request(socket: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.send(JSON.stringify(frame));
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

  it('carries contract calls through dispatch and ignores garbage frames', async () => {
    const { socket } = await openSocket(`?token=${token}`, host.origin);
    expect(socket).toBeDefined();
    socket!.send('not json');
    socket!.send(JSON.stringify({ id: 'x' }));
    const reply = (await request(socket!, { id: 7, channel: 'app:getInfo' })) as { id: number; result: unknown };
    expect(reply.id).toBe(7);
    expect(reply.result).toMatchObject({ ok: true, value: { shell: 'browser' } });
    const bad = await request(socket!, { id: 8, channel: 'app:getInfo', input: [1, 2] });
    expect(bad).toMatchObject({ id: 8, result: { ok: false, error: { code: 'invalid_input' } } });
    socket!.close();
  });

  it('exits 2 naming the flag when a flag is bad', async () => {
    await expect(startHost({ args: ['--port', 'abc'] })).rejects.toThrow(/exited with code 2[\s\S]*--port/);
  });
});
