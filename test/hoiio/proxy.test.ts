/**
 * Issue 14, "networks people work on": in the browser host the core's Hoiio requests honour
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY (src/host/proxy.ts, Node 24's own proxy support). A real
 * recording proxy on 127.0.0.1 and a real sandbox over HTTP; the Hoiio address is written with the
 * host name `localhost`, which follows NO_PROXY (127.0.0.1 itself, where the embedded sandbox
 * lives, always goes direct).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { HoiioClient } from '../../src/main/core/hoiio/client.ts';
import { proxyEnvironment, useEnvironmentProxy } from '../../src/host/proxy.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';

describe('proxyEnvironment: what the browser host applies', () => {
  it('nothing without a proxy variable', () => {
    expect(proxyEnvironment({})).toBeNull();
    expect(proxyEnvironment({ NO_PROXY: 'example.com', HTTPS_PROXY: '  ' })).toBeNull();
  });
  it('keeps the user’s NO_PROXY (either spelling) and adds the loopback addresses', () => {
    expect(proxyEnvironment({ HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: 'corp.example, .internal' })).toEqual({
      HTTPS_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: 'corp.example,.internal,127.0.0.1,::1',
      no_proxy: 'corp.example,.internal,127.0.0.1,::1',
    });
    expect(proxyEnvironment({ http_proxy: 'http://p:8080', NO_PROXY: '127.0.0.1' })).toMatchObject({
      http_proxy: 'http://p:8080',
      NO_PROXY: '127.0.0.1,::1',
    });
    expect(proxyEnvironment({ HTTP_PROXY: 'http://p:8080', NO_PROXY: '*' })).toMatchObject({ NO_PROXY: '*' });
  });
  it('a proxy address that is not a URL is refused, not ignored', () => {
    expect(() => useEnvironmentProxy({ HTTP_PROXY: 'not a url' })).toThrow();
  });
});

describe('the Hoiio client through a recording proxy', () => {
  let sandbox: SandboxHandle;
  let proxy: RecordingProxy;
  let restore: (() => void) | null = null;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 0.01 });
    proxy = await startRecordingProxy();
  });
  afterEach(() => {
    restore?.();
    restore = null;
    proxy.seen.length = 0;
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const clientFor = (host: string) =>
    new HoiioClient({
      baseUrl: sandbox.baseUrl.replace('127.0.0.1', host),
      credentials: { appId: sandbox.appId, accessToken: sandbox.accessToken },
      maxRetries: 0,
    });
  const port = () => new URL(sandbox.baseUrl).port;

  it('HTTP_PROXY set: the request goes through the proxy and is answered', async () => {
    restore = useEnvironmentProxy({ HTTP_PROXY: proxy.url });
    const info = await clientFor('localhost').getInfo();
    expect(info.mobileNumber).toMatch(/^\+\d+$/);
    expect(proxy.seen).toEqual([`CONNECT localhost:${port()}`]);
  });

  it('lower-case http_proxy is read too', async () => {
    restore = useEnvironmentProxy({ http_proxy: proxy.url });
    await clientFor('localhost').getBalance();
    expect(proxy.seen).toEqual([`CONNECT localhost:${port()}`]);
  });

  it('NO_PROXY covering the host: straight to it, the proxy sees nothing', async () => {
    restore = useEnvironmentProxy({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,localhost' });
    await clientFor('localhost').getInfo();
    expect(proxy.seen).toEqual([]);
  });

  it('HTTPS_PROXY alone is for https addresses: a plain-http loopback address goes direct', async () => {
    restore = useEnvironmentProxy({ HTTPS_PROXY: proxy.url });
    await clientFor('localhost').getInfo();
    expect(proxy.seen).toEqual([]);
  });

  it('the embedded sandbox’s 127.0.0.1 is never proxied, whatever the environment says', async () => {
    restore = useEnvironmentProxy({ HTTP_PROXY: proxy.url });
    await clientFor('127.0.0.1').getInfo();
    expect(proxy.seen).toEqual([]);
  });

  it('no proxy variable: nothing is applied and requests go direct', async () => {
    expect(useEnvironmentProxy({})).toBeNull();
    await clientFor('localhost').getInfo();
    expect(proxy.seen).toEqual([]);
  });
});
