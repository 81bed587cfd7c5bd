import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { openApp } from './open-app.ts';

// Issue 14: the browser host honours HTTP(S)_PROXY / NO_PROXY for the core's Hoiio requests
// (src/host/proxy.ts), while its embedded sandbox on 127.0.0.1 keeps working direct. A standalone
// sandbox plays the live Hoiio, addressed as `localhost` so the proxy rules apply to it. Saving
// live credentials uses the OS keychain: run under scripts/with-keyring.sh (npm test does).
const TOKEN = 'proxy-e2e-token-0123456789abcdef';
let sandbox: SandboxHandle;
let proxy: RecordingProxy;
let host: RunningHost | undefined;

test.beforeAll(async () => {
  if (process.env.HOIIO_TEST_KEYRING !== '1') {
    throw new Error('This spec saves live credentials in the keychain: run it under scripts/with-keyring.sh.');
  }
  sandbox = await startSandbox({ timeScale: 0.01, accessToken: TOKEN });
  proxy = await startRecordingProxy();
});
test.afterEach(async ({ page }) => {
  // Forget the live account (keychain entry) before the host goes.
  await page.evaluate(() => window.hoiio!.account.clear()).catch(() => undefined);
  await host?.stop();
  host = undefined;
  proxy.seen.length = 0;
});
test.afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
});

async function goLive(page: Page): Promise<unknown> {
  const baseUrl = sandbox.baseUrl.replace('127.0.0.1', 'localhost');
  await page.evaluate((url) => window.hoiio!.settings.update({ baseUrl: url, tunnel: { enabled: false } }), baseUrl);
  return page.evaluate(({ appId, accessToken }) => window.hoiio!.account.set({ appId, accessToken }), {
    appId: sandbox.appId,
    accessToken: TOKEN,
  });
}

test('HTTP_PROXY set: live Hoiio requests go through the proxy; the embedded sandbox stays direct', async ({
  page,
}) => {
  host = await startHost({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '' } });
  await openApp(page, host);
  // Sandbox mode first: a call on the embedded sandbox (127.0.0.1) never touches the proxy.
  await page.getByLabel('Number to call').fill('+65 8123 0001');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByTestId('call-card').first()).toHaveAttribute('data-state', /live|ended/, { timeout: 15_000 });
  expect(proxy.seen).toEqual([]);

  expect(await goLive(page)).toMatchObject({ ok: true, value: { mode: 'live' } });
  const port = new URL(sandbox.baseUrl).port;
  expect(proxy.seen).toContain(`CONNECT localhost:${port}`);
});

test('NO_PROXY covering the Hoiio host: the proxy sees nothing and live mode still works', async ({ page }) => {
  host = await startHost({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost' } });
  await openApp(page, host);
  expect(await goLive(page)).toMatchObject({ ok: true, value: { mode: 'live' } });
  expect(proxy.seen).toEqual([]);
});

test('a proxy address that is not a URL stops the host with a plain message', async () => {
  const started = await startHost({ env: { HTTPS_PROXY: 'proxy corp 3128' } }).catch((error: Error) => error);
  expect(started).toBeInstanceOf(Error);
  expect(String(started)).toContain('the proxy setting cannot be used');
});
