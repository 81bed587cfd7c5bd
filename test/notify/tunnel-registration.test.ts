import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay, TunnelSupervisor } from '../../src/main/core/notify/tunnel.ts';
import {
  isValidSubdomain,
  publicUrlFor,
  randomSubdomain,
  registerTunnel,
} from '../../src/main/core/notify/tunnel-registration.ts';

describe('subdomains', () => {
  it('follow localtunnel’s rule: 4-63 characters, lowercase, inner hyphens only', () => {
    expect(['abcd', 'hoiio-app', 'a1b2c3', 'x'.repeat(63)].every(isValidSubdomain)).toBe(true);
    expect(['abc', 'ABCD', '-abcd', 'abcd-', 'ab_cd', 'ab.cd', '', 'a'.repeat(66)].some(isValidSubdomain)).toBe(false);
  });

  it('are random and valid when none is preferred', () => {
    const names = new Set(Array.from({ length: 50 }, randomSubdomain));
    expect(names.size).toBe(50);
    for (const name of names) expect(isValidSubdomain(name), name).toBe(true);
  });

  it('are checked when the supervisor is built, since the client would retry a refused one forever', () => {
    expect(() => new TunnelSupervisor({ localPort: 1, subdomain: 'abc' })).toThrow(RangeError);
    expect(() => new TunnelSupervisor({ localPort: 1, serverUrl: 'ftp://example.org' })).toThrow(RangeError);
    expect(new TunnelSupervisor({ localPort: 1, subdomain: 'abcd' }).state()).toEqual({ status: 'down' });
  });
});

describe('publicUrlFor', () => {
  it('adds the tunnel server’s explicit port to a tunnel host under it', () => {
    expect(publicUrlFor('http://abcd.localhost', new URL('http://localhost:4567'))).toBe('http://abcd.localhost:4567');
  });

  it('leaves public servers’ URLs alone', () => {
    expect(publicUrlFor('https://abcd.loca.lt', new URL('https://localtunnel.me'))).toBe('https://abcd.loca.lt');
    expect(publicUrlFor('https://abcd.loca.lt/', new URL('http://localhost:4567'))).toBe('https://abcd.loca.lt');
    expect(publicUrlFor('http://abcd.localhost:99', new URL('http://localhost:4567'))).toBe('http://abcd.localhost:99');
  });

  it('refuses non-http URLs', () => {
    expect(() => publicUrlFor('javascript:alert(1)', new URL('http://localhost:1'))).toThrow();
  });
});

describe('backoffDelay', () => {
  const timers = {
    initialBackoffMs: 1000,
    maxBackoffMs: 60_000,
    requestTimeoutMs: 1,
    connectTimeoutMs: 1,
    probeIntervalMs: 1,
    probeTimeoutMs: 1,
  };

  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    const lowest = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((failures) => backoffDelay(failures, timers, () => 0));
    const highest = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((failures) => backoffDelay(failures, timers, () => 0.999999));
    expect(lowest).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(highest).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});

describe('registerTunnel against a real HTTP server', () => {
  let server: http.Server;
  let base: string;
  const replies = new Map<string, (response: http.ServerResponse) => void>();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const reply = replies.get(request.url ?? '');
      if (reply) reply(response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown) => (response: http.ServerResponse) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    replies.set(
      '/good-one',
      json(200, { id: 'good-one', port: 40123, max_conn_count: 500, url: 'http://good-one.localhost' }),
    );
    replies.set(
      '/with-ip',
      json(200, { id: 'with-ip', port: 40124, url: 'https://with-ip.example.org', ip: '192.0.2.7' }),
    );
    replies.set('/taken', json(403, { message: 'Invalid subdomain. Subdomains must be lowercase.' }));
    replies.set('/garbled', json(200, { id: 'garbled', port: 'not-a-port', url: 'x' }));
    replies.set('/landing', (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
    replies.set('/hangs', () => undefined);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const register = (subdomain: string, timeoutMs = 2000) =>
    registerTunnel(base, subdomain, timeoutMs, new AbortController().signal);

  it('reads the reply into where to connect and the public URL, capping the connection count', async () => {
    const port = new URL(base).port;
    await expect(register('good-one')).resolves.toEqual({
      id: 'good-one',
      publicUrl: `http://good-one.localhost:${port}`,
      remoteHost: '127.0.0.1',
      remotePort: 40123,
      maxConnections: 10,
    });
    await expect(register('with-ip')).resolves.toMatchObject({
      publicUrl: 'https://with-ip.example.org',
      remoteHost: '192.0.2.7',
      maxConnections: 1,
    });
  });

  it('reports refusals, unreadable replies, silence and an unreachable server as errors', async () => {
    await expect(register('taken')).rejects.toThrow('tunnel server answered 403: Invalid subdomain.');
    await expect(register('garbled')).rejects.toThrow('unreadable reply');
    await expect(register('landing')).rejects.toThrow('unreadable reply');
    await expect(register('hangs', 200)).rejects.toThrow(/unreachable: timed out after 200 ms/);
    await expect(registerTunnel('http://127.0.0.1:1', 'abcd', 2000, new AbortController().signal)).rejects.toThrow(
      /unreachable: connect ECONNREFUSED/,
    );
  });
});
