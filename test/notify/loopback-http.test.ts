import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHostFor, httpRequest, isLoopbackName } from '../../src/main/core/notify/loopback-http.ts';

describe('httpRequest', () => {
  let server: http.Server;
  let port: number;
  const seenHosts: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seenHosts.push(request.headers.host ?? '');
      if (request.url === '/hang') return; // never answers
      if (request.url === '/big') {
        response.end(Buffer.alloc(64 * 1024, 'x'));
        return;
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.end(`${request.method} ${request.url} ${body}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends *.localhost to 127.0.0.1 and keeps the URL host in the Host header', async () => {
    const response = await httpRequest(`http://abcdef.localhost:${port}/path?q=1`, { timeoutMs: 2000 });
    expect(response.body.toString()).toBe('GET /path?q=1 ');
    expect(seenHosts.at(-1)).toBe(`abcdef.localhost:${port}`);
    await httpRequest(`http://localhost:${port}/`, { timeoutMs: 2000 });
    expect(seenHosts.at(-1)).toBe(`localhost:${port}`);
  });

  it('sends a body with its length', async () => {
    const response = await httpRequest(`http://127.0.0.1:${port}/post`, {
      method: 'POST',
      body: 'a=1&b=2',
      timeoutMs: 2000,
    });
    expect(response.body.toString()).toBe('POST /post a=1&b=2');
  });

  it('fails a request that gets no answer when the deadline passes', async () => {
    const started = Date.now();
    await expect(httpRequest(`http://x.localhost:${port}/hang`, { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails responses over the size cap', async () => {
    await expect(
      httpRequest(`http://127.0.0.1:${port}/big`, { timeoutMs: 2000, maxResponseBytes: 1024 }),
    ).rejects.toThrow(/larger than 1024/);
  });

  it('can be cancelled with an AbortSignal', async () => {
    const controller = new AbortController();
    const pending = httpRequest(`http://127.0.0.1:${port}/hang`, { timeoutMs: 10_000, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('reports a connection closed mid-response', async () => {
    const rude = net.createServer((socket) => {
      socket.resume(); // read (and drop) the request so the client's FIN is seen
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort');
    });
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    try {
      const rudePort = (rude.address() as AddressInfo).port;
      await expect(httpRequest(`http://127.0.0.1:${rudePort}/`, { timeoutMs: 2000 })).rejects.toThrow();
    } finally {
      await new Promise((resolve) => rude.close(resolve));
    }
  });

  it('knows which names are loopback', () => {
    expect(['localhost', 'LOCALHOST', 'a.localhost', 'a.b.localhost.'].every(isLoopbackName)).toBe(true);
    expect(['localhost.com', 'notlocalhost', 'example.org', '127.0.0.1'].some(isLoopbackName)).toBe(false);
    expect(connectHostFor('abc.localhost')).toBe('127.0.0.1');
    expect(connectHostFor('example.org')).toBe('example.org');
  });
});
